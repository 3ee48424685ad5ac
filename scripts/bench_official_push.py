"""The baseline of the push benchmark (issue 17): a plain script on the official hubspot-api-client
batch-creating N contacts against the same sandbox, in batches of 100, retrying a 429 after its
Retry-After. Prints one line: seconds, requests and 429s.

usage: bench_official_push.py BASE_URL TOKEN COUNT
"""
import sys
import time

from hubspot import HubSpot
from hubspot.crm.contacts import BatchInputSimplePublicObjectBatchInputForCreate, SimplePublicObjectInputForCreate
from hubspot.crm.contacts.exceptions import ApiException


def main():
    base, token, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    api = HubSpot(access_token=token, host=base + "/hubspot").crm.contacts
    started = time.monotonic()
    requests = limited = 0
    for start in range(0, count, 100):
        inputs = [SimplePublicObjectInputForCreate(properties={"email": f"official{i}@example.com", "firstname": f"O{i}"})
                  for i in range(start, min(start + 100, count))]
        while True:
            requests += 1
            try:
                api.batch_api.create(BatchInputSimplePublicObjectBatchInputForCreate(inputs=inputs))
                break
            except ApiException as e:
                if e.status != 429:
                    raise
                limited += 1
                time.sleep(float((e.headers or {}).get("Retry-After", "1")))
    print(f"{time.monotonic() - started:.3f} {requests} {limited}")


if __name__ == "__main__":
    main()
