#!/usr/bin/env bash
# The HTTP calls and openssl commands of Dell's Terraform provider acceptance test for
# ome_application_csr + ome_application_certificate (dell/terraform-provider-ome,
# ome/resource_application_cert_test.go, TestAccCert, run against real OME 4.0.1-4.3.1),
# replayed with curl: each resource opens an API session (POST Sessions, JSON, X-Auth-Token),
# calls OME and deletes the session (Sessions('<Id>')), as clients/api_utility.go does.
#   GenerateCSR (the provider sends no San: GetCsrConfig drops it) -> Terraform's replace()
#   adds a line break after BEGIN and before END -> an RSA-4096 CA by `openssl req -x509
#   -nodes` -> `openssl x509 -req` without an extension file (an X.509 v1 certificate) ->
#   base64 (certificate_base64) -> decoded and POSTed to UploadCertificate with
#   Content-Type and Accept application/octet-stream -> 200 -> the HTTPS port serves it.
# The test's second step does it all again with a new CSR; so does this.
# Usage: terraform_acceptance_flow.sh [accepted|no-key-encipherment|client-auth-only]
#   The two twins sign with an extension file that the rules refuse: 400 CSEC9002, 400 CGEN1008.
# Environment (run.sh sets it): OMESIM_TARGET, OMESIM_USER, OMESIM_PASSWORD, OMESIM_DLL.
set -euo pipefail
variant=${1:-accepted}
ome=${OMESIM_TARGET:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

json() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# createOMESession: POST /api/SessionService/Sessions {"UserName","Password","SessionType":"API"}
open_session() {
  OMESIM_USER=$OMESIM_USER OMESIM_PASSWORD=$OMESIM_PASSWORD python3 -c 'import json, os
print(json.dumps({"UserName": os.environ["OMESIM_USER"], "Password": os.environ["OMESIM_PASSWORD"], "SessionType": "API"}))' > login.json
  local status
  status=$(curl -sSk -D session.headers -o session.json -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary @login.json "$ome/api/SessionService/Sessions")
  [ "$status" = 201 ] || { echo "session: HTTP $status"; cat session.json; exit 1; }
  token=$(sed -n 's/^x-auth-token: *//Ip' session.headers | tr -d '\r')
  session_id=$(json Id < session.json)
  [ -n "$token" ] && [ -n "$session_id" ] || { echo "session: no X-Auth-Token or Id"; exit 1; }
}

# RemoveSession: DELETE /api/SessionService/Sessions('<Id>') -> 204
close_session() {
  local status
  status=$(curl -sSk -o /dev/null -w '%{http_code}' -X DELETE -H 'Content-Type: application/json' -H "x-auth-token: $token" \
    "$ome/api/SessionService/Sessions('$session_id')")
  [ "$status" = 204 ] || { echo "delete session: HTTP $status"; exit 1; }
}

# resource "terraform_data" "ca": the same command and subject as the test.
openssl req -x509 -days 365 -newkey rsa:4096 -keyout ca_private_key.pem -out ca_cert.pem -nodes \
  -subj "/C=US/ST=California/L=The Cloud/O=Dell/OU=ISG/CN=test_acc_user" 2>ca.log

case "$variant" in
  accepted) extfile=() ;;
  no-key-encipherment)
    printf '[ext]\nbasicConstraints = CA:FALSE\nkeyUsage = digitalSignature\n' > ext.cnf
    extfile=(-extfile ext.cnf -extensions ext) ;;
  client-auth-only)
    printf '[ext]\nbasicConstraints = CA:FALSE\nkeyUsage = digitalSignature, keyEncipherment\nextendedKeyUsage = clientAuth\n' > ext.cnf
    extfile=(-extfile ext.cnf -extensions ext) ;;
  *) echo "unknown variant $variant"; exit 2 ;;
esac

for step in 0 1; do
  echo "--- step $step"
  # resource "ome_application_csr": the test's specs, seeded as random_string would be.
  seed=$(python3 -c 'import secrets, string; print("".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16)))')
  open_session
  status=$(curl -sSk -o csr.json -w '%{http_code}' -H 'Content-Type: application/json' -H "x-auth-token: $token" \
    --data "{\"DistinguishedName\":\"terraform$seed.ome.com\",\"DepartmentName\":\"Terraform Server Solutions $seed\",\"BusinessName\":\"Dell Terraform\",\"Locality\":\"RedRock\",\"State\":\"Texas\",\"Country\":\"US\",\"Email\":\"abc@gmail.com\"}" \
    "$ome/api/ApplicationService/Actions/ApplicationService.GenerateCSR")
  [ "$status" = 200 ] || { echo "GenerateCSR: HTTP $status"; cat csr.json; exit 1; }
  close_session
  json CertificateData < csr.json > csr.ome
  # locals.formatted_private_key: replace() puts "\n" after BEGIN and "\n" before END (and one after it).
  python3 - <<'PY'
text = open("csr.ome").read().rstrip("\n")
assert "\n" not in text, "OME answers the CSR on one line"
text = text.replace("-----BEGIN CERTIFICATE REQUEST-----", "-----BEGIN CERTIFICATE REQUEST-----\n")
text = text.replace("-----END CERTIFICATE REQUEST-----", "\n-----END CERTIFICATE REQUEST-----\n")
open("reqTf.pem", "w").write(text)
PY
  # resource "terraform_data" "certificate": no extension file in the test itself.
  openssl x509 -req -in reqTf.pem -days 365 -CA ca_cert.pem -CAkey ca_private_key.pem -CAcreateserial -out my_signed_cert.pem \
    ${extfile[@]+"${extfile[@]}"} 2>>ca.log
  version=$(openssl x509 -in my_signed_cert.pem -noout -text | sed -n 's/^ *Version: \([0-9]*\).*/\1/p')
  if [ "$variant" = accepted ]; then
    [ "$version" = 1 ] || { echo "expected an X.509 v1 certificate, got version $version"; exit 1; }
    openssl x509 -in my_signed_cert.pem -noout -text | grep -q 'X509v3' && { echo "the certificate has extensions"; exit 1; }
  fi

  # data "local_file" content_base64 -> PostCert decodes it and posts the bytes.
  base64 -w0 my_signed_cert.pem > cert.b64
  base64 -d cert.b64 > upload.bin
  open_session
  status=$(curl -sSk -o upload.json -w '%{http_code}' -H "x-auth-token: $token" \
    -H 'Content-Type: application/octet-stream' -H 'Accept: application/octet-stream' --data-binary @upload.bin \
    "$ome/api/ApplicationService/Actions/ApplicationService.UploadCertificate")
  close_session

  check_exit=0
  dotnet "$OMESIM_DLL" check my_signed_cert.pem --csr csr.ome --single > check.txt || check_exit=$?
  case "$variant" in
    accepted)
      [ "$status" = 200 ] || { echo "UploadCertificate: HTTP $status (expected 200)"; cat upload.json; exit 1; }
      [ "$check_exit" = 0 ] || { echo "omesim check --single exited $check_exit (expected 0)"; cat check.txt; exit 1; }
      # The HTTPS port serves exactly the uploaded certificate from the next connection on.
      served=$(openssl s_client -connect "${ome#https://}" </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256)
      uploaded=$(openssl x509 -in my_signed_cert.pem -noout -fingerprint -sha256)
      [ "$served" = "$uploaded" ] || { echo "served $served, uploaded $uploaded"; exit 1; }
      echo "step $step: 200, served $uploaded" ;;
    no-key-encipherment | client-auth-only)
      if [ "$variant" = no-key-encipherment ]; then
        expected='{"error":{"code":"Base.1.0.GeneralError","message":"A general error has occurred. See ExtendedInfo for more information.","@Message.ExtendedInfo":[{"MessageId":"CSEC9002","RelatedProperties":[],"Message":"Unable to upload the certificate because the certificate file provided is invalid.","MessageArgs":[],"Severity":"Critical","Resolution":"Make sure the CA certificate and private key are correct and retry the operation."}]}}'
      else
        expected='{"error":{"code":"Base.1.0.GeneralError","message":"A general error has occurred. See ExtendedInfo for more information.","@Message.ExtendedInfo":[{"MessageId":"CGEN1008","RelatedProperties":[],"Message":"Unable to process the request because an error occurred.","MessageArgs":["No Client/Server authentication EKU present in leaf certificate."],"Severity":"Critical","Resolution":"Retry the operation. If the issue persists, contact your system administrator."}]}}'
      fi
      [ "$status" = 400 ] || { echo "UploadCertificate: HTTP $status (expected 400)"; cat upload.json; exit 1; }
      [ "$(cat upload.json)" = "$expected" ] || { echo "UploadCertificate answered:"; cat upload.json; echo; echo "expected:"; echo "$expected"; exit 1; }
      [ "$check_exit" = 1 ] || { echo "omesim check --single exited $check_exit (expected 1)"; cat check.txt; exit 1; }
      grep -qF "$expected" check.txt || { echo "check does not predict the answer:"; cat check.txt; exit 1; }
      # The provider reports it as clients.ErrResponseMsg "status: %d, body: %s".
      echo "step $step: Error uploading Cert. status: $status, body: $(cat upload.json)" ;;
  esac
done
