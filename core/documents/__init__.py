"""Rendered documents: a file the worker makes from a record (the PDFs).

One place for what every rendered document needs: its state (pending,
ready, failed), the stored file and its SHA-256, the error of a failed
render, the attempts made and the language. A floor that renders a
document declares a ``DocumentKind`` (how to render it, who may read it,
who may prepare it again) in ``document_kinds``, asks for the document in
its service with ``document_request``, and shows it with
``{% document_status owner "kind" %}``; the task, the download view, the
retry and the polling piece are the same for every kind.
"""
