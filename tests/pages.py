"""What the page tests send."""

# A hard reload: the page cache (core.pagecache) leaves the page to the view, so that a test
# counting a page's queries counts what rendering it costs, never a page served again.
RENDER = {"cache-control": "no-cache"}
