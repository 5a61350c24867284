"""Deal intake: offering documents' text to a draft deal in which every value carries its evidence."""
from rules.intake.draft import Draft, NotADealDocument, draft_deal
from rules.intake.evidence import Evidence, Found, TextLine

__all__ = ["Draft", "Evidence", "Found", "NotADealDocument", "TextLine", "draft_deal"]
