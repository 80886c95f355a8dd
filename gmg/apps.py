from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    """collectstatic leaves out the Bootstrap builds the site never loads.

    The bootstrap package ships 44 files (RTL, grid-only, ESM, unminified
    builds and their source maps); templates/base.html loads only
    bootstrap.min.css and bootstrap.bundle.min.js (each with its map, which
    the manifest storage needs). Hashing and compressing the rest made
    collectstatic, and so `make up`, take about a minute.
    """

    ignore_patterns = [
        *DjangoStaticFilesConfig.ignore_patterns,
        "bootstrap-*",
        "bootstrap.rtl*",
        "bootstrap.css*",
        "bootstrap.esm*",
        "bootstrap.js*",
        "bootstrap.min.js*",
        "bootstrap.bundle.js*",
    ]
