"""The transparency log's pure parts: canonical encoding and the hash chain."""
