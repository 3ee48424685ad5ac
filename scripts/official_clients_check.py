#!/usr/bin/env python3
"""Drive the Switchboard sandbox with the official clients, unmodified except for the host.

hubspot-api-client: create, batch-create 250 (in batches of 100), search by email, update, read, the properties API.
simple-salesforce: create and read a Contact (and query it back).
pipedrive-python-lib: create, read, update, search by email and page persons (API v1) with the OAuth
token and with api_token; read personFields; a validation error raises the library's BadRequestError.
zohocrmsdk8-0: see zoho_check (the SDK is pointed at the sandbox through its own DataCenter.Environment).

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
    "pipedrive": ("sandbox-pipedrive-client", "sandbox-pipedrive-secret", "base contacts:full deals:full"),
    "zoho-crm": ("sandbox-zoho-crm-client", "sandbox-zoho-crm-secret",
                 "ZohoCRM.modules.contacts.ALL,ZohoCRM.modules.accounts.ALL,ZohoCRM.modules.deals.ALL,ZohoCRM.settings.fields.READ"),
}
BASIC_AUTH = {"pipedrive"}  # clients registered with client_secret_basic
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
        "state": "check", "code_challenge": challenge, "code_challenge_method": "S256", "access_type": "offline"},
        allow_redirects=False, timeout=10)
    assert auth.status_code == 302, f"authorize answered {auth.status_code}; start the sandbox with --auto-approve"
    query = urllib.parse.parse_qs(urllib.parse.urlparse(auth.headers["Location"]).query)
    form = {"grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": REDIRECT, "code_verifier": verifier}
    if connector in BASIC_AUTH:
        token = requests.post(f"{BASE}/oauth/{connector}/token", data=form, auth=(client_id, secret), timeout=10)
    else:
        token = requests.post(f"{BASE}/oauth/{connector}/token", data={**form, "client_id": client_id, "client_secret": secret}, timeout=10)
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


def pipedrive_check():
    from pipedrive.client import Client
    from pipedrive.exceptions import BadRequestError

    tokens = oauth_token("pipedrive")
    check(tokens.get("api_domain", "").startswith(BASE), "pipedrive: token response carries api_domain")
    # The library's `domain` is the company domain; it calls {domain}/v1/..., as against https://acme.pipedrive.com.
    client = Client(domain=tokens["api_domain"])
    client.set_access_token(tokens["access_token"])
    run = uuid.uuid4().hex[:8]
    email = f"ada-{run}@example.com"
    created = client.persons.create_person({"name": "Ada Lovelace", "email": [{"value": email, "primary": True, "label": "work"}]})
    person_id = created["data"]["id"]
    check(created["success"] is True and isinstance(person_id, int), "pipedrive: create a person")
    read = client.persons.get_person(person_id)
    check(read["data"]["email"][0]["value"] == email, "pipedrive: read the person (v1 email list)")
    updated = client.persons.update_person(person_id, {"name": "Ada King"})
    check(updated["data"]["name"] == "Ada King", "pipedrive: update the person")
    found = client.persons.search_persons(params={"term": email, "fields": "email", "exact_match": True})
    check([i["item"]["id"] for i in found["data"]["items"]] == [person_id], "pipedrive: search persons by email")
    for i in range(3):
        client.persons.create_person({"name": f"Page {i} {run}"})
    page = client.persons.get_all_persons(params={"start": 0, "limit": 2})
    check(len(page["data"]) == 2 and page["additional_data"]["pagination"]["more_items_in_collection"] is True,
          "pipedrive: page persons with start/limit")
    fields = client.persons.get_person_fields()
    check(any(f["key"] == "name" and f["mandatory_flag"] for f in fields["data"]), "pipedrive: read personFields")
    by_key = Client(domain=tokens["api_domain"])
    by_key.set_api_token(tokens["access_token"])
    check(by_key.persons.get_person(person_id)["data"]["id"] == person_id, "pipedrive: the api_token query parameter works too")
    try:
        client.persons.create_person({"email": [{"value": "nameless@example.com"}]})
        check(False, "pipedrive: a person without a name is refused")
    except BadRequestError:
        check(True, "pipedrive: a person without a name is refused (BadRequestError)")
    deal = client.deals.create_deal({"title": f"Deal {run}", "value": 1000, "currency": "USD", "stage_id": 1, "person_id": person_id})
    check(deal["data"]["person_id"] == person_id, "pipedrive: create a deal for the person")


def zoho_check():
    import os
    import tempfile
    from datetime import datetime, timedelta, timezone

    from zohocrmsdk.src.com.zoho.api.authenticator.oauth_token import OAuthToken
    from zohocrmsdk.src.com.zoho.api.authenticator.store import FileStore
    from zohocrmsdk.src.com.zoho.crm.api import HeaderMap, ParameterMap
    from zohocrmsdk.src.com.zoho.crm.api.dc.data_center import DataCenter
    from zohocrmsdk.src.com.zoho.crm.api.initializer import Initializer
    from zohocrmsdk.src.com.zoho.crm.api.record import (APIException, ActionWrapper, BodyWrapper, GetRecordsHeader,
                                                         GetRecordsParam, Record, RecordOperations, ResponseWrapper,
                                                         SearchRecordsParam, SuccessResponse)

    tokens = oauth_token("zoho-crm")
    check(tokens.get("api_domain", "").startswith(BASE), "zoho: token response carries api_domain")
    # The SDK's data centres are fixed hosts; its own DataCenter.Environment(url, accounts_url, file_upload_url)
    # points it at the api_domain the token answer gives, as for any data centre.
    folder = tempfile.mkdtemp(prefix="zoho-sdk-")
    environment = DataCenter.Environment(tokens["api_domain"], f"{BASE}/oauth/zoho-crm/token", tokens["api_domain"])
    Initializer.initialize(environment=environment, token=OAuthToken(access_token=tokens["access_token"]),
                           store=FileStore(os.path.join(folder, "tokens.txt")), resource_path=folder)
    contacts = RecordOperations("Contacts")
    run = uuid.uuid4().hex[:8]

    def record(**values):
        r = Record()
        for k, v in values.items():
            r.add_key_value(k, v)
        return r

    def write(method, records):
        body = BodyWrapper()
        body.set_data(records)
        response = method(body, HeaderMap())
        results = response.get_object().get_data() if isinstance(response.get_object(), ActionWrapper) else []
        return response.get_status_code(), results

    status, results = write(contacts.create_records, [record(Last_Name="Lovelace", First_Name="Ada", Email=f"ada-{run}@example.com")])
    ok = status == 201 and len(results) == 1 and isinstance(results[0], SuccessResponse)
    check(ok, "zoho: create a contact")
    if not ok:
        return
    ada = results[0].get_details()["id"]
    status, results = write(contacts.create_records, [record(Last_Name="Hopper", Email=f"grace-{run}@example.com"),
                                                      record(First_Name="NoLast"),
                                                      record(Last_Name="Again", Email=f"ADA-{run}@example.com")])
    codes = [r.get_code().get_value() for r in results]
    check(status == 207 and codes == ["SUCCESS", "MANDATORY_NOT_FOUND", "DUPLICATE_DATA"],
          f"zoho: a batch answers per record (207: {codes})")
    duplicate = results[2].get_details() if len(results) == 3 and isinstance(results[2], APIException) else {}
    existing = duplicate.get("duplicate_record")
    existing_id = existing.get_id() if hasattr(existing, "get_id") else (existing or {}).get("id")
    check(str(existing_id) == str(ada), "zoho: DUPLICATE_DATA names the existing contact")

    read = contacts.get_record(int(ada), ParameterMap(), HeaderMap())
    body = read.get_object()
    check(isinstance(body, ResponseWrapper) and body.get_data()[0].get_key_value("Last_Name") == "Lovelace", "zoho: read the contact")

    status, results = write(lambda b, h: contacts.update_record(int(ada), b, h), [record(Title="Analyst")])
    check(status == 200 and isinstance(results[0], SuccessResponse), "zoho: update the contact")

    params = ParameterMap()
    params.add(SearchRecordsParam.email, f"ada-{run}@example.com")
    found = contacts.search_records(params, HeaderMap()).get_object()
    check(isinstance(found, ResponseWrapper) and [str(r.get_id()) for r in found.get_data()] == [str(ada)], "zoho: search by email")

    params = ParameterMap()
    params.add(GetRecordsParam.fields, "Last_Name,Email,Title")
    params.add(GetRecordsParam.per_page, 2)
    headers = HeaderMap()
    headers.add(GetRecordsHeader.if_modified_since, datetime.now(timezone.utc) - timedelta(minutes=5))
    listed = contacts.get_records(params, headers).get_object()
    check(isinstance(listed, ResponseWrapper) and len(listed.get_data()) == 2 and listed.get_info().get_more_records() is True,
          "zoho: list recent contacts (If-Modified-Since, pages of 2)")


def main():
    for name, fn in (("hubspot-api-client", hubspot_check), ("simple-salesforce", salesforce_check),
                     ("pipedrive-python-lib", pipedrive_check), ("zohocrmsdk8-0", zoho_check)):
        try:
            fn()
        except Exception as e:  # a client disagreeing with the sandbox is a failure, not a crash
            check(False, f"{name}: {type(e).__name__}: {e}")
    total = "official clients check: " + ("all passed" if not failures else f"{len(failures)} failed")
    print(total)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
