"""Where the Chroma data lives: the embedded store in the data directory, or a server database by URL."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    import chromadb
    from chromadb.config import Settings

# chromadb.config.DEFAULT_DATABASE; chromadb itself (~1 s to import) is imported by the calls that need it,
# so a command that never opens the store (check, rules, --help) does not pay for it.
DEFAULT_DATABASE = "default_database"


class StoreUnavailable(RuntimeError):
    """The Chroma server cannot be reached; the message names it and says how to start it."""

    def __init__(self, url: str, cause: BaseException | None = None):
        self.url = url
        address = urlparse(url)
        reason = f" ({cause})" if cause and str(cause) else ""
        super().__init__(
            f"Chroma server at {url} is not reachable{reason}: start it with "
            f"`chroma run --path DIR --host {address.hostname} --port {address.port or 8000}` "
            "or point IPABS_CHROMA_URL at a running server"
        )


@dataclass(frozen=True)
class ServerAddress:
    """Where a Chroma server is: `http(s)://host:port[/database]`; a missing database means Chroma's default."""

    host: str
    port: int
    ssl: bool
    database: str = DEFAULT_DATABASE

    @classmethod
    def parse(cls, url: str) -> "ServerAddress":
        parsed = urlparse(url if "://" in url else f"http://{url}")
        parts = [p for p in parsed.path.split("/") if p]
        try:
            port = parsed.port
        except ValueError:   # a port that is not a number
            port = -1
        if parsed.scheme not in ("http", "https") or len(parts) > 1 or port == -1:
            raise ValueError(f"a Chroma server URL looks like http://host:port or http://host:port/database, not {url!r}")
        ssl = parsed.scheme == "https"
        return cls(parsed.hostname or "localhost", port or (443 if ssl else 8000), ssl,
                   parts[0] if parts else DEFAULT_DATABASE)

    @property
    def server(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host   # an IPv6 literal needs brackets in a URL
        return f"{'https' if self.ssl else 'http'}://{host}:{self.port}"

    @property
    def url(self) -> str:
        return self.server if self.database == DEFAULT_DATABASE else f"{self.server}/{self.database}"

    def settings(self) -> "Settings":
        from chromadb.config import Settings

        return Settings(chroma_api_impl="chromadb.api.fastapi.FastAPI", chroma_server_host=self.host,
                        chroma_server_http_port=self.port, chroma_server_ssl_enabled=self.ssl,
                        anonymized_telemetry=False)


def connect(data_dir: Path, chroma_url: str = "") -> "chromadb.ClientAPI":
    """Embedded PersistentClient in the data directory, or a Chroma server when a URL is given."""
    import chromadb

    if chroma_url:
        return connect_server(ServerAddress.parse(chroma_url))
    path = data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path))


def connect_server(address: ServerAddress) -> "chromadb.ClientAPI":
    """A client of the server's database, created on first use (one database per deployment or test)."""
    import chromadb

    try:
        ensure_database(address)
        return chromadb.HttpClient(host=address.host, port=address.port, ssl=address.ssl,
                                   database=address.database, settings=address.settings())
    except httpx.TransportError as err:
        raise StoreUnavailable(address.url, err) from err


def ensure_database(address: ServerAddress) -> None:
    import chromadb
    from chromadb.errors import NotFoundError

    admin = chromadb.AdminClient(address.settings())
    try:
        admin.get_database(address.database)
    except NotFoundError:
        try:
            admin.create_database(address.database)
        except Exception:
            admin.get_database(address.database)   # another process created it first: fine


def drop_database(address: ServerAddress) -> None:
    """Delete the URL's database and everything in it (test cleanup; never the default database)."""
    if address.database == DEFAULT_DATABASE:
        raise ValueError("refusing to drop Chroma's default database")
    import chromadb
    from chromadb.errors import NotFoundError

    try:
        chromadb.AdminClient(address.settings()).delete_database(address.database)
    except NotFoundError:
        pass   # never created: nothing to drop


def server_address(client: "chromadb.ClientAPI") -> ServerAddress | None:
    """The server and database a client talks to; None for an embedded client."""
    settings = client.get_settings()
    if settings.chroma_api_impl != "chromadb.api.fastapi.FastAPI":
        return None
    return ServerAddress(str(settings.chroma_server_host), int(settings.chroma_server_http_port or 8000),
                         bool(settings.chroma_server_ssl_enabled), getattr(client, "database", DEFAULT_DATABASE))
