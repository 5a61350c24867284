"""Files to legal units to chunks with metadata (pure: no store, no UI)."""
from .document import Chunk, IngestError, ParsedDocument
from .loaders import LOADERS
from .pipeline import iter_files, parse_file

# The file types ingestion reads: the CLI and the web upload accept exactly these.
EXTENSIONS: tuple[str, ...] = tuple(LOADERS)

__all__ = ["EXTENSIONS", "Chunk", "IngestError", "ParsedDocument", "iter_files", "parse_file"]
