"""Deal intake: offering documents' text to a draft deal in which every value carries its evidence."""
from rules.intake.doubts import Doubt
from rules.intake.draft import NOT_FOUND_LABEL, Draft, NotADealDocument, draft_deal
from rules.intake.evidence import Evidence, Found, TextLine
from rules.intake.gaps import RightGaps

__all__ = ["NOT_FOUND_LABEL", "Doubt", "Draft", "Evidence", "Found", "NotADealDocument", "RightGaps", "TextLine",
           "draft_deal"]
