"""Each test gets its own pair (conftest.pair): GenerateCSR, sign with the test CA, UploadCertChain on both, ValidateConnection."""
import pytest
import requests

from conftest import CONTROL, PASSWORD, USER

GENERATE_CSR = "/api/ApplicationService/Actions/ApplicationService.GenerateCSR"
UPLOAD_CHAIN = "/api/ApplicationService/Actions/ApplicationService.UploadCertChain"
VALIDATE = "/api/MigrationService/Actions/MigrationService.ValidateConnection"

# Dell's article 000221202 and OmeSim's docs: what UploadCertChain answers for each bad profile.
BAD_PROFILES = {
    "server-only-eku": "No Client/Server authentication EKU present in leaf certificate.",
    "missing-root": "Invalid certificate chain provided.",
    "missing-intermediate": "Invalid certificate chain provided.",
    "other-key": "Invalid CSR key.",
}


def provision(appliance, profile, test_id):
    csr = appliance.post(GENERATE_CSR, json={
        "DistinguishedName": f"{appliance.name}.example.com", "DepartmentName": "IT", "BusinessName": "Example",
        "Locality": "Round Rock", "State": "Texas", "Country": "US", "Email": "admin@example.com",
        "San": f"{appliance.name}.example.com,{test_id}.example.com"})
    assert csr.status_code == 200, csr.text
    signed = requests.post(CONTROL + "/pki/sign", params={"profile": profile}, data=csr.json()["CertificateData"],
                           headers={"Content-Type": "application/x-pem-file"}, timeout=60)
    assert signed.status_code == 200, signed.text
    return appliance.post(UPLOAD_CHAIN, data=signed.text.encode(), headers={"Content-Type": "application/octet-stream"})


def validate(source, target):
    return target.post(VALIDATE, json={"SourceAddress": "127.0.0.1", "SourcePort": source.port,
                                       "SourceUserName": USER, "SourcePassword": PASSWORD})


def extended_info(answer):
    return answer.json()["error"]["@Message.ExtendedInfo"][0]


def served_thumbprint(appliance):
    described = requests.get(CONTROL + "/appliances/" + appliance.name, timeout=60)
    assert described.status_code == 200, described.text
    return described.json()["Certificate"]


@pytest.mark.parametrize("run", range(8))
def test_a_good_chain_on_both_appliances_validates_the_migration_connection(pair, run):
    source, target = pair
    assert (source.version, target.version) == ("3.10.2", "4.0.1")

    for appliance in pair:
        uploaded = provision(appliance, "good", f"good-{run}")
        assert uploaded.status_code == 200, uploaded.text
        assert served_thumbprint(appliance)["SelfSigned"] is False

    answer = validate(source, target)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["Result"] == "Validated"
    assert body["SourcePort"] == source.port
    assert body["TargetCheck"]["Passed"] is True
    assert body["SourceCheck"]["Passed"] is True
    assert body["SourceCheck"]["Appliance"] == source.name
    assert body["TargetCheck"]["Appliance"] == target.name


@pytest.mark.parametrize("run,profile", [(i, p) for i, p in enumerate(sorted(BAD_PROFILES) * 2)])
def test_a_bad_profile_gets_omes_upload_error_and_the_pair_cannot_mutually_authenticate(pair, run, profile):
    source, target = pair

    for appliance in pair:
        refused = provision(appliance, profile, f"bad-{run}")
        assert refused.status_code == 400, refused.text
        assert refused.reason == "400"
        assert refused.json()["error"]["code"] == "Base.1.0.GeneralError"
        info = extended_info(refused)
        assert info["MessageId"] == "CGEN1008"
        assert info["Message"] == "Unable to process the request because an error occurred."
        assert info["MessageArgs"] == [BAD_PROFILES[profile]]
        assert info["Resolution"] == "Retry the operation. If the issue persists, contact your system administrator."
        # Nothing changed: the appliance still serves its own factory certificate.
        assert served_thumbprint(appliance)["SelfSigned"] is True

    answer = validate(source, target)
    assert answer.status_code == 400, answer.text
    info = extended_info(answer)
    assert info["MessageId"] == "CMIG1001"
    assert info["Message"] == "Unable to mutually authenticate and connect to the remote appliance."
    assert info["Resolution"] == ("Please check the source and target appliances has valid certificate chain uploaded "
                                  "which are signed by the same CA.")
