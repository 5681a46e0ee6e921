"""A source + target pair of OmeSim appliances per test, created on the control plane and deleted after it.

Run by `tests/interop/run.sh pytest-pairs`, which starts a `serve` and runs Debian's /usr/bin/python3 (python3-pytest,
python3-pytest-xdist, python3-requests), whatever python3 comes first on PATH. By hand, against a running serve:
    OMESIM_CONTROL=http://127.0.0.1:PORT /usr/bin/python3 -m pytest -n 4 tests/interop/pytest
"""
import os
import sys

import pytest

try:
    import requests
    import urllib3
    import xdist  # noqa: F401  (run.sh runs the tests on several workers)
except ImportError as missing:
    sys.exit("%s has no %s: run tests/interop/run.sh pytest-pairs, or /usr/bin/python3 -m pytest with Debian's "
             "python3-requests and python3-pytest-xdist" % (sys.executable, missing.name))

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

CONTROL = os.environ.get("OMESIM_CONTROL", "http://127.0.0.1:8440").rstrip("/")
USER = os.environ.get("OMESIM_USER", "admin")
PASSWORD = os.environ.get("OMESIM_PASSWORD", "OmeSim#2026!")


class Appliance:
    """One appliance as POST /appliances described it, with an HTTPS session that sends Basic credentials."""

    def __init__(self, description):
        self.name = description["Name"]
        self.url = description["Url"].rstrip("/")
        self.version = description["Version"]
        self.port = int(self.url.rsplit(":", 1)[1])
        self.http = requests.Session()
        self.http.auth = (USER, PASSWORD)

    def post(self, path, **kwargs):
        # verify=False per request: a fresh appliance serves its self-signed factory certificate, and a session's own
        # verify setting loses to REQUESTS_CA_BUNDLE in the environment.
        return self.http.post(self.url + path, timeout=60, verify=False, **kwargs)


@pytest.fixture
def pair():
    """A fresh source (OME 3.10.2) and target (OME 4.0.1) for this test alone: free names, free ports, factory state."""
    created = []
    try:
        for version in ("3.10.2", "4.0.1"):
            answer = requests.post(CONTROL + "/appliances", json={"Version": version}, timeout=60)
            assert answer.status_code == 201, answer.text
            description = answer.json()
            # A new appliance is in factory state: nobody else's CSR key, chain or session.
            assert description["CsrKeyPending"] is False and description["SessionCount"] == 0
            assert description["Certificate"]["SelfSigned"] is True and description["TrustedRoots"] == []
            created.append(Appliance(description))
        yield created[0], created[1]
    finally:
        for appliance in created:
            appliance.http.close()
            gone = requests.delete(CONTROL + "/appliances/" + appliance.name, timeout=60)
            assert gone.status_code == 204, gone.text
