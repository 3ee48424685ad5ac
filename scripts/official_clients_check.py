#!/usr/bin/env python3
"""Drive the Switchboard sandbox with the official clients, unmodified except for the host.

hubspot-api-client: create, batch-create 250 (in batches of 100), search by email, update, read, the properties API.
simple-salesforce: create and read a Contact (and query it back).

Usage: official_clients_check.py SANDBOX_URL   (e.g. http://127.0.0.1:54321, started with --auto-approve)
Tokens come from the sandbox's own OAuth flow (authorization code + PKCE S256).
"""
import base64
import hashlib
import secrets
import sys
import urllib.parse
import uuid

import requests
from requests.adapters import HTTPAdapter

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
REDIRECT = "http://127.0.0.1:53682/oauth/callback"
CLIENTS = {
    "hubspot": ("sandbox-hubspot-client", "sandbox-hubspot-secret", "oauth crm.objects.contacts.read crm.objects.contacts.write"),
    "salesforce": ("sandbox-salesforce-client", "sandbox-salesforce-secret", "api refresh_token"),
}
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def oauth_token(connector):
    """Authorization code with PKCE against the auto-approving sandbox provider."""
    client_id, secret, scope = CLIENTS[connector]
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    auth = requests.get(f"{BASE}/oauth/{connector}/authorize", params={
        "response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT, "scope": scope,
        "state": "check", "code_challenge": challenge, "code_challenge_method": "S256"}, allow_redirects=False, timeout=10)
    assert auth.status_code == 302, f"authorize answered {auth.status_code}; start the sandbox with --auto-approve"
    query = urllib.parse.parse_qs(urllib.parse.urlparse(auth.headers["Location"]).query)
    token = requests.post(f"{BASE}/oauth/{connector}/token", data={
        "grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": REDIRECT,
        "code_verifier": verifier, "client_id": client_id, "client_secret": secret}, timeout=10)
    assert token.status_code == 200, token.text
    return token.json()


def hubspot_check():
    from hubspot import HubSpot
    from hubspot.crm.contacts import (BatchInputSimplePublicObjectBatchInputForCreate, Filter, FilterGroup,
                                      PublicObjectSearchRequest, SimplePublicObjectInput,
                                      SimplePublicObjectInputForCreate)
    from hubspot.crm.contacts.exceptions import ApiException

    token = oauth_token("hubspot")["access_token"]
    client = HubSpot(access_token=token, host=BASE + "/hubspot")
    api = client.crm.contacts
    run = uuid.uuid4().hex[:8]

    created = api.basic_api.create(SimplePublicObjectInputForCreate(properties={"email": f"ada-{run}@example.com", "firstname": "Ada"}))
    check(created.id.isdigit() and created.properties["email"] == f"ada-{run}@example.com", "hubspot: create a contact")

    ids = []
    for start in range(0, 250, 100):
        inputs = [SimplePublicObjectInputForCreate(properties={"email": f"bulk{i}-{run}@example.com", "firstname": f"Bulk{i}"})
                  for i in range(start, min(start + 100, 250))]
        batch = api.batch_api.create(BatchInputSimplePublicObjectBatchInputForCreate(inputs=inputs))
        ids += [r.id for r in batch.results]
    check(len(ids) == 250 and len(set(ids)) == 250, "hubspot: batch-create 250 contacts (3 batches)")

    try:
        api.batch_api.create(BatchInputSimplePublicObjectBatchInputForCreate(
            inputs=[SimplePublicObjectInputForCreate(properties={"email": f"over{i}-{run}@example.com"}) for i in range(101)]))
        check(False, "hubspot: a batch of 101 is refused")
    except ApiException as e:
        check(e.status == 400, "hubspot: a batch of 101 is refused with 400")

    search = api.search_api.do_search(PublicObjectSearchRequest(
        filter_groups=[FilterGroup(filters=[Filter(property_name="email", operator="EQ", value=f"bulk42-{run}@example.com")])],
        properties=["email", "firstname"], limit=10))
    check(search.total == 1 and search.results[0].properties["firstname"] == "Bulk42", "hubspot: search by email")

    updated = api.basic_api.update(created.id, SimplePublicObjectInput(properties={"lastname": "Lovelace"}))
    check(updated.properties["lastname"] == "Lovelace", "hubspot: update a contact")

    read = api.basic_api.get_by_id(created.id, properties=["email", "firstname", "lastname"])
    check(read.properties["lastname"] == "Lovelace" and read.properties["firstname"] == "Ada", "hubspot: read a contact")

    try:
        api.basic_api.create(SimplePublicObjectInputForCreate(properties={"email": f"ada-{run}@example.com"}))
        check(False, "hubspot: duplicate email is refused")
    except ApiException as e:
        check(e.status == 409 and created.id in (e.body or ""), "hubspot: duplicate email is 409 naming the existing id")
    # The properties API (what `schema refresh` reads), through the client's own models.
    props = client.crm.properties.core_api.get_all(object_type="contacts", archived=False).results
    by_name = {p.name: p for p in props}
    check("email" in by_name and by_name["lifecyclestage"].type == "enumeration"
          and any(o.value == "customer" for o in by_name["lifecyclestage"].options)
          and by_name["createdate"].modification_metadata.read_only_value is True,
          "hubspot: read the contact properties (types, options, read-only)")
    one = client.crm.properties.core_api.get_by_name(object_type="contacts", property_name="email")
    check(one.name == "email" and one.hubspot_defined is True, "hubspot: read one property by name")


class PlainHTTPForLoopback(HTTPAdapter):
    """simple-salesforce always builds https:// URLs; the sandbox speaks plain HTTP on 127.0.0.1."""

    def send(self, request, **kwargs):
        if request.url.startswith("https://127.0.0.1"):
            request.url = "http://" + request.url[len("https://"):]
        return super().send(request, **kwargs)


def salesforce_check():
    from simple_salesforce import Salesforce

    tokens = oauth_token("salesforce")
    check(tokens.get("instance_url", "").startswith(BASE), "salesforce: token response carries instance_url")
    session = requests.Session()
    session.mount("https://", PlainHTTPForLoopback())
    sf = Salesforce(instance_url=tokens["instance_url"], session_id=tokens["access_token"], session=session, version="62.0")
    created = sf.Contact.create({"FirstName": "Grace", "LastName": "Hopper", "Email": "grace@example.com"})
    check(created.get("success") is True and created["id"].startswith("003"), "salesforce: create a Contact")
    record = sf.Contact.get(created["id"])
    check(record["LastName"] == "Hopper" and record["Id"] == created["id"], "salesforce: read the Contact")
    found = sf.query(f"SELECT Id, LastName FROM Contact WHERE Id = '{created['id']}'")
    check(found["totalSize"] == 1, "salesforce: query it back with SOQL")


def main():
    for name, fn in (("hubspot-api-client", hubspot_check), ("simple-salesforce", salesforce_check)):
        try:
            fn()
        except Exception as e:  # a client disagreeing with the sandbox is a failure, not a crash
            check(False, f"{name}: {type(e).__name__}: {e}")
    total = "official clients check: " + ("all passed" if not failures else f"{len(failures)} failed")
    print(total)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
