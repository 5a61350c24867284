"""Files to legal units to chunks with metadata (pure: no store, no UI)."""
from .document import Chunk, IngestError, ParsedDocument
from .pipeline import iter_files, parse_file

__all__ = ["Chunk", "IngestError", "ParsedDocument", "iter_files", "parse_file"]
