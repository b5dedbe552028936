"""The REST API, one module per resource, every route under ``/api``."""

from storyweave.serve.api import articles, explain, meta, outlets, search, stories

ROUTERS = (articles.router, stories.router, outlets.router, search.router, explain.router,
           meta.router)  # fmt: skip

__all__ = ["ROUTERS"]
