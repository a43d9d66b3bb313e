"""Every route of the OpenAPI document answers as documented, and each answer is the CLI's, byte
for byte, for the same incident and as_of: assess in every format, for every example incident
(its own bytes, and its JSON twin); explain; questions; calendars; rules and facts.
"""
import datetime
import json
import re
import subprocess
import sys
import urllib.parse

import jsonschema
import pytest

import support
from support import AS_OF, ROOT, cli_ok, example_id, examples, json_twin, twin_file

EXAMPLES = examples()
CWU = ROOT / "rules" / "uk" / "examples" / "cwu-2024.toml"
FORMATS = ["json", "text", "md", "ics", "svg"]


def q(**params):
    return "?" + urllib.parse.urlencode(params) if params else ""


# --- the document ----------------------------------------------------------------------------

def test_openapi_is_current_with_the_assessment_schema():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "openapi"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_openapi_is_well_formed(openapi):
    doc = openapi.doc
    assert doc["openapi"].startswith("3.1"), doc["openapi"]
    for name, schema in doc["components"]["schemas"].items():
        jsonschema.Draft202012Validator.check_schema(schema)
    # Every $ref resolves.
    refs = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(doc)
    for ref in sorted(set(refs)):
        assert ref.startswith("#/"), f"{ref}: the document stands alone"
        openapi.resolver.resolve(ref)
    operation_ids = []
    for template, item in doc["paths"].items():
        names = set(re.findall(r"\{([^}]+)\}", template))
        for method, op in item.items():
            operation_ids.append(op["operationId"])
            assert op["responses"], f"{method} {template}: no responses"
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == names, f"{method} {template}: path parameters {declared} != {names}"
            for status in op["responses"]:
                assert status == "default" or re.fullmatch(r"[1-5]\d\d", status), f"{method} {template}: {status}"
            for scheme in op.get("security", []):
                for name in scheme:
                    assert name in doc["components"]["securitySchemes"], name
    assert len(operation_ids) == len(set(operation_ids)), operation_ids


def test_openapi_served_is_the_file(server, openapi):
    status, headers, body = server.get("/v1/openapi.json")
    assert status == 200
    openapi.check("GET", "/v1/openapi.json", status, headers, body)
    assert body == support.OPENAPI_FILE.read_bytes(), "GET /v1/openapi.json is not examples/cli/openapi.json"


def static_files(server):
    """The page's files that index.html names (src= and href= of the same origin)."""
    status, _, body = server.get("/")
    if status != 200:
        return []
    names = re.findall(r'(?:src|href)="/?([A-Za-z0-9][A-Za-z0-9._-]*)"', body.decode("utf-8", "replace"))
    return sorted(set(n for n in names if n != "index.html"))


def requests_for(operation_id, server):
    """Concrete requests for each documented operation: (method, target, body, content type)."""
    toml = CWU.read_bytes()
    j = json_twin(CWU)
    if operation_id == "assess":
        return ([("POST", "/v1/assess" + q(as_of=AS_OF, format=f), toml, "application/toml") for f in FORMATS]
                + [("POST", "/v1/assess" + q(as_of=AS_OF), j, "application/json"),
                   ("POST", "/v1/assess" + q(as_of=AS_OF, trace="false"), j, "application/json")])
    if operation_id == "explain":
        return [("POST", "/v1/explain" + q(obligation="uk-gdpr/notify-ico", as_of=AS_OF, format=f), toml,
                 "application/toml") for f in ("text", "json")]
    if operation_id == "questions":
        return [("POST", "/v1/questions" + q(as_of=AS_OF, format=f), j, "application/json") for f in ("json", "text")]
    if operation_id == "rules":
        return [("GET", "/v1/rules", None, None)]
    if operation_id == "facts":
        return [("GET", "/v1/facts", None, None)]
    if operation_id == "calendar":
        return [("GET", "/v1/calendars/gb-eaw/2024", None, None), ("GET", "/v1/calendars/ca-on/2025", None, None)]
    if operation_id == "health":
        return [("GET", "/healthz", None, None)]
    if operation_id == "openapi":
        return [("GET", "/v1/openapi.json", None, None)]
    if operation_id == "page":
        return [("GET", "/", None, None)]
    if operation_id == "static":
        return [("GET", "/" + f, None, None) for f in static_files(server)]
    raise AssertionError(f"no request written for the documented operation {operation_id}: add one")


def documented_operations():
    doc = json.loads(support.OPENAPI_FILE.read_text(encoding="utf-8"))
    return [(m.upper(), t, op["operationId"]) for t, item in doc["paths"].items() for m, op in item.items()]


@pytest.mark.parametrize("method,template,operation_id", documented_operations(),
                         ids=[f"{m} {t}" for m, t, _ in documented_operations()])
def test_every_documented_route_answers_as_documented(server, openapi, method, template, operation_id):
    requests = requests_for(operation_id, server)
    if operation_id == "static" and not requests:
        pytest.skip("GET / names no other file")
    for m, target, body, ctype in requests:
        assert m == method
        status, headers, data = server.request(m, target, body=body, content_type=ctype)
        assert status == 200, f"{m} {target}: {status}: {data[:400]!r}"
        openapi.check(m, template, status, headers, data)


# --- byte for byte the CLI's -----------------------------------------------------------------

def expected_type(fmt):
    return support.FORMAT_TYPES[fmt]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", EXAMPLES, ids=[example_id(p) for p in EXAMPLES])
def test_assess_is_the_cli_output(server, path, fmt):
    want = cli_ok("assess", str(path), "--as-of", AS_OF, "--format", fmt)
    status, headers, body = server.post("/v1/assess" + q(as_of=AS_OF, format=fmt), path.read_bytes(),
                                        content_type=support.content_type_of(path))
    assert status == 200, body[:500]
    assert headers["content-type"].split(";")[0] == expected_type(fmt)
    assert body == want, f"{example_id(path)} --format {fmt}: the server's answer differs from the CLI's"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", [p for p in EXAMPLES if p.suffix == ".toml"],
                         ids=[example_id(p) for p in EXAMPLES if p.suffix == ".toml"])
def test_assess_of_the_json_twin_is_the_cli_output(server, path, fmt):
    want = cli_ok("assess", twin_file(path), "--as-of", AS_OF, "--format", fmt)
    status, headers, body = server.post("/v1/assess" + q(as_of=AS_OF, format=fmt), json_twin(path))
    assert status == 200, body[:500]
    assert body == want, f"{example_id(path)} as JSON, --format {fmt}: the server's answer differs from the CLI's"


def test_assess_options_are_the_cli_options(server):
    body = CWU.read_bytes()
    for params, args in (({"trace": "false"}, ["--no-trace"]),
                         ({"include_proposed": "true"}, ["--include-proposed"]),
                         ({"trace": "true", "include_proposed": "false"}, [])):
        want = cli_ok("assess", str(CWU), "--as-of", AS_OF, "--format", "json", *args)
        status, _, got = server.post("/v1/assess" + q(as_of=AS_OF, **params), body, content_type="application/toml")
        assert status == 200 and got == want, f"{params}: differs from assess {' '.join(args)}"
    # A local as_of is read in the incident's zone, as --as-of is.
    want = cli_ok("assess", str(CWU), "--as-of", "2024-03-22T18:00:00", "--format", "text")
    status, _, got = server.post("/v1/assess" + q(as_of="2024-03-22T18:00:00", format="text"), body,
                                 content_type="application/toml")
    assert status == 200 and got == want


def test_assess_without_as_of_is_now(server):
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    status, _, body = server.post("/v1/assess", CWU.read_bytes(), content_type="application/toml")
    after = datetime.datetime.now(datetime.timezone.utc)
    assert status == 200
    as_of = datetime.datetime.fromisoformat(json.loads(body)["as_of"].replace("Z", "+00:00"))
    assert before - datetime.timedelta(seconds=2) <= as_of <= after + datetime.timedelta(seconds=2), as_of


def obligation_ids(path):
    return [o["id"] for o in json.loads(cli_ok("assess", str(path), "--as-of", AS_OF, "--format", "json"))["obligations"]]


@pytest.mark.parametrize("path", EXAMPLES, ids=[example_id(p) for p in EXAMPLES])
def test_explain_is_the_cli_output(server, path):
    ids = obligation_ids(path)
    assert ids, f"{example_id(path)} has no obligation"
    for oid in sorted(set([ids[0], ids[-1]])):
        want = cli_ok("explain", str(path), oid, "--as-of", AS_OF)
        status, headers, body = server.post("/v1/explain" + q(obligation=oid, as_of=AS_OF), path.read_bytes(),
                                            content_type=support.content_type_of(path))
        assert status == 200, body[:500]
        assert headers["content-type"].split(";")[0] == "text/plain"
        assert body == want, f"explain {example_id(path)} {oid}: differs from the CLI's"
    want = cli_ok("assess", str(path), "--as-of", AS_OF, "--format", "json")
    status, _, body = server.post("/v1/explain" + q(obligation=ids[0], as_of=AS_OF, format="json"), json_twin(path))
    assert status == 200 and body == want, f"explain {example_id(path)} --format json: not the assessment"


@pytest.mark.parametrize("path", EXAMPLES, ids=[example_id(p) for p in EXAMPLES])
def test_questions_are_the_cli_output(server, path):
    want = cli_ok("questions", str(path), "--as-of", AS_OF)
    status, headers, body = server.post("/v1/questions" + q(as_of=AS_OF, format="text"), path.read_bytes(),
                                        content_type=support.content_type_of(path))
    assert status == 200 and headers["content-type"].split(";")[0] == "text/plain"
    assert body == want, f"questions {example_id(path)}: differs from the CLI's"
    assessment = json.loads(cli_ok("assess", str(path), "--as-of", AS_OF, "--format", "json"))
    status, headers, body = server.post("/v1/questions" + q(as_of=AS_OF), json_twin(path))
    assert status == 200 and headers["content-type"].split(";")[0] == "application/json"
    assert json.loads(body) == {"questions": assessment["questions"]}


def calendar_ids():
    ids = []
    for path in sorted(ROOT.glob("rules/**/calendars/*.toml")):
        m = re.search(r'(?m)^id\s*=\s*"([^"]+)"', path.read_text(encoding="utf-8"))
        if m:
            ids.append(m.group(1))
    return sorted(ids)


@pytest.mark.parametrize("cal", calendar_ids())
def test_calendar_is_the_cli_output(server, openapi, cal):
    for year in (2024, 2026):
        want = cli_ok("calendar", cal, str(year), "--format", "json")
        status, headers, body = server.get(f"/v1/calendars/{cal}/{year}")
        assert status == 200, body[:300]
        openapi.check("GET", "/v1/calendars/{id}/{year}", status, headers, body)
        assert body == want, f"calendar {cal} {year}: differs from the CLI's"


def digest_of_bundled_rules():
    m = re.search(r"sha256:[0-9a-f]{64}", cli_ok("--version").decode())
    assert m, "breachclock --version gives no digest"
    return m.group(0)


def test_rules_are_the_bundled_rules(server, openapi):
    status, headers, body = server.get("/v1/rules")
    rules = openapi.check("GET", "/v1/rules", status, headers, body)
    assessment = json.loads(cli_ok("assess", str(CWU), "--as-of", AS_OF, "--format", "json"))
    assert rules["digest"] == digest_of_bundled_rules() == assessment["rules"]["digest"]
    assert [p["id"] for p in rules["packs"]] == [p["id"] for p in assessment["rules"]["packs"]]
    modules = sorted(p.parent.name for p in ROOT.glob("rules/*/module.toml"))
    assert sorted(m["id"] for m in rules["modules"]) == modules
    assert sorted(rules["calendars"]) == calendar_ids()
    packs = {p["id"]: p for p in rules["packs"]}
    for m in rules["modules"]:
        assert all(packs[p]["module"] == m["id"] for p in m["packs"]), m
    for o in assessment["obligations"]:
        assert o["id"] in packs[o["regime"]]["obligations"], o["id"]
    status, headers, body = server.get("/healthz")
    assert openapi.check("GET", "/healthz", status, headers, body) == {"status": "ok", "digest": rules["digest"]}


def test_facts_are_the_fact_schema(server, openapi):
    status, headers, body = server.get("/v1/facts")
    facts = openapi.check("GET", "/v1/facts", status, headers, body)
    assert facts["digest"] == digest_of_bundled_rules()
    incident_schema = json.loads((ROOT / "schemas" / "incident.schema.json").read_text(encoding="utf-8"))
    events = {e["name"] for e in facts["events"]}
    assert set(incident_schema["properties"]["events"]["properties"]) <= events
    plain = {f["name"] for f in facts["facts"] if not f.get("family")}
    # affected_count is the older name of affected.total (a count of the family), read still.
    assert set(incident_schema["properties"]["facts"]["properties"]) - {"affected_count"} <= plain
    assert "affected.total" in {f["name"] for f in facts["facts"]}
    families = {f["name"] for f in facts["families"]}
    for f in facts["facts"]:
        assert f["question"].strip(), f"{f['name']}: no question"
        if f["type"] in ("enum", "set"):
            assert f.get("values"), f"{f['name']}: an {f['type']} with no values"
        if f.get("family"):
            assert f["family"] in families, f"{f['name']}: family {f['family']} is not listed"
    for e in facts["events"]:
        assert e["fallback"] is None or e["fallback"] in events, e
