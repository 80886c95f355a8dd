"""`make bench`: throughput, latency and query counts on PostgreSQL under gunicorn."""
