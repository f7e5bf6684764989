"""The /animals API canary: GET /animals must answer 200 with a JSON list.

EventBridge runs it on a schedule. A failed check raises, so it counts in the
function's Errors metric (what an alarm watches) and leaves the traceback in
its log group.
"""

import json
import os
import urllib.request


def check(url, open_url=urllib.request.urlopen):
    """The number of animals the API lists; raises when the answer is wrong."""
    with open_url(url, timeout=10) as answer:
        status = answer.status
        body = json.loads(answer.read())
    if status != 200 or not isinstance(body, list):
        raise RuntimeError(f"GET {url}: status {status}, body {str(body)[:200]}")
    return len(body)


def handler(event, context):
    url = os.environ["API_URL"]
    animals = check(url)
    print(json.dumps({"url": url, "animals": animals}))
    return {"animals": animals}
