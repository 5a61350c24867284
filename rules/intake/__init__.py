"""Deal intake: offering documents' text to a draft deal in which every value carries its evidence."""
from rules.intake.draft import NOT_FOUND_LABEL, Draft, NotADealDocument, draft_deal
from rules.intake.evidence import Evidence, Found, TextLine

__all__ = ["NOT_FOUND_LABEL", "Draft", "Evidence", "Found", "NotADealDocument", "TextLine", "draft_deal"]
