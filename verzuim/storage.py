"""Where uploaded and generated documents live: the storage of STORAGES["default"] (docs/architecture.md,
"Documents and web nodes"). Read by verzuim/settings.py, so it imports nothing of the portal.

The local folder (MEDIA_ROOT) by default; with S3_BUCKET an S3-compatible object store through django-storages,
private: no object ACL of its own (the bucket's), and never a presigned or public URL, because every download
streams through a view that checks access and audits the read (decision 375).
"""

from __future__ import annotations

from typing import Any


def object_store(
    *,
    bucket: str,
    endpoint_url: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """The STORAGES entry of django-storages' S3Storage for `bucket`."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "region_name": region or None,
            # No ACL per object: the bucket's own (private; new Amazon buckets refuse object ACLs).
            "default_acl": None,
            "querystring_auth": True,
            # As on the local folder, a second upload with a taken name gets a new name instead of replacing it.
            "file_overwrite": False,
            "signature_version": "s3v4",
            # A store at its own address (MinIO, moto) is reached as <endpoint>/<bucket>/<key>, no DNS per bucket.
            "addressing_style": "path" if endpoint_url else None,
        },
    }
