#!/usr/bin/python3
"""Log in and out of OME the way Dell's sample scripts (github dell/OpenManage-Enterprise) do.

Usage: dell_style_login.py BASE_URL USER   (password from OMESIM_PASSWORD)
Exits 0 only when the login answers 201 with X-Auth-Token, the token opens the appliance,
and the DELETE of the session answers 204 after which the token is dead.
"""
import json
import os
import sys

import requests
import urllib3

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    base_uri, user_name = sys.argv[1].rstrip("/"), sys.argv[2]
    password = os.environ["OMESIM_PASSWORD"]

    # As in Dell's samples: json.dumps body, a lowercase content-type header, verify=False.
    session_url = base_uri + "/api/SessionService/Sessions"
    user_details = {"UserName": user_name, "Password": password, "SessionType": "API"}
    headers = {"content-type": "application/json"}
    session_info = requests.post(session_url, verify=False, data=json.dumps(user_details), headers=headers, timeout=30)
    if session_info.status_code != 201:
        fail("login answered %d, expected 201: %s" % (session_info.status_code, session_info.text))
    if session_info.reason != "201":
        fail("reason phrase %r, OME sends the status number" % session_info.reason)
    token = session_info.headers.get("X-Auth-Token")
    if not token:
        fail("no X-Auth-Token header")
    headers["X-Auth-Token"] = token
    session = session_info.json()
    session_id = session["Id"]
    print("logged in: session %s" % session_id)

    info = requests.get(base_uri + "/api/ApplicationService/Info", headers=headers, verify=False, timeout=30)
    if info.status_code != 200:
        fail("Info with the token answered %d" % info.status_code)
    print("appliance: %s %s" % (info.json()["Name"], info.json()["Version"]))

    # Dell's samples delete by the Id; the @odata.id must name the same resource.
    if session["@odata.id"] != "/api/SessionService/Sessions('%s')" % session_id:
        fail("@odata.id %r does not name session %s" % (session["@odata.id"], session_id))
    delete_url = base_uri + "/api/SessionService/Sessions('" + session_id + "')"
    deleted = requests.delete(delete_url, headers=headers, verify=False, timeout=30)
    if deleted.status_code != 204:
        fail("logout answered %d, expected 204: %s" % (deleted.status_code, deleted.text))
    print("logged out: 204")

    after = requests.get(base_uri + "/api/ApplicationService/Info", headers=headers, verify=False, timeout=30)
    if after.status_code != 401:
        fail("the token still works after logout (%d)" % after.status_code)
    message_id = after.json()["error"]["@Message.ExtendedInfo"][0]["MessageId"]
    if message_id != "CGEN1001":
        fail("after logout: %s, expected CGEN1001" % message_id)
    print("token dead after logout: 401 CGEN1001")


if __name__ == "__main__":
    main()
