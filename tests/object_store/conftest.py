"""The document flows of the portal run again with an S3 object store as STORAGES["default"] (verzuim/storage.py,
as the portal configures it when S3_BUCKET is set), against moto's S3 in this process: the same tests as on the
local folder, imported from their own modules. Each must leave its document in the bucket and nothing in
MEDIA_ROOT: no view or service may reach past the storage API to a path on the node's disk (issue 25 item 4).
The two-node test (tests/verzuim/test_stateless_nodes.py) does the same through real processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from verzuim.storage import object_store

BUCKET = "verzuim-documenten"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region": "eu-central-1"}


@pytest.fixture(autouse=True)
def documents_in_the_object_store(settings: Any) -> Iterator[None]:
    with mock_aws():
        client = boto3.client(
            "s3",
            region_name=CREDENTIALS["region"],
            aws_access_key_id=CREDENTIALS["access_key"],
            aws_secret_access_key=CREDENTIALS["secret_key"],
        )
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["region"]})
        settings.STORAGES = {**settings.STORAGES, "default": object_store(bucket=BUCKET, **CREDENTIALS)}
        yield
        stored = [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
        assert stored, "the test stored no document in the object store"
        for key in stored:  # private: no grant beyond the bucket owner's
            grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
            assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"], grants
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [path for path in media.rglob("*") if path.is_file()]
