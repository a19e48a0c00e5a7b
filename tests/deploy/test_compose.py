"""docker-compose.yml: valid Compose, scalable, and wired the way the app expects.

There is no Docker engine here, so everything is checked statically: the file
against the official Compose Specification JSON schema (both as written and
after variable interpolation), then the properties `docker compose up --scale
web=3 --scale worker=2` relies on, then the Caddy entry point config.
"""

import copy
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]

APP_SERVICES = ("migrate", "web", "worker")
DAPHNE_PORT = 8000

# What the lead's settings read (backend/settings.py); every app container gets them.
SETTINGS_VARIABLES = (
    "GROUNDSWELL_ENV",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SITE_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
)
REQUIRED_SECRETS = ("SECRET_KEY", "POSTGRES_PASSWORD")
SAMPLE_ENV = {
    "SECRET_KEY": "sample-secret-key-for-tests",
    "POSTGRES_PASSWORD": "samplepassword0123",
}


# --- Compose variable interpolation ----------------------------------------------
# Enough of https://compose-spec.io interpolation to resolve this file the way
# `docker compose config` would: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d},
# ${VAR:?err}, ${VAR?err}, ${VAR:+r}, ${VAR+r}.

_VARIABLE = re.compile(
    r"\$(?:"
    r"(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<invalid>)"
    r")"
)


class MissingVariable(Exception):
    pass


def interpolate_string(text: str, env: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        if match["invalid"] is not None:
            raise ValueError(f"invalid interpolation at {text[match.start() :]!r}")
        name = match["braced"] or match["named"]
        value, op, arg = env.get(name), match["op"], match["arg"]
        is_set = value is not None
        is_set_non_empty = bool(value)
        if op in (None, ""):
            return value or ""
        present = is_set_non_empty if op.startswith(":") else is_set
        kind = op[-1]
        if kind == "-":
            return value if present else arg
        if kind == "+":
            return arg if present else ""
        if not present:  # "?"
            raise MissingVariable(f"{name}: {arg}")
        return value

    return _VARIABLE.sub(replace, text)


def interpolate(node, env: dict[str, str]):
    """Interpolate every string value (not the keys), as Compose does."""
    if isinstance(node, str):
        return interpolate_string(node, env)
    if isinstance(node, dict):
        return {key: interpolate(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate(item, env) for item in node]
    return node


def test_interpolation_helper_follows_compose_rules():
    env = {"SET": "x", "EMPTY": ""}
    assert interpolate_string("$$SET ${SET} $SET", env) == "$SET x x"
    assert interpolate_string("${EMPTY:-d}|${EMPTY-d}|${UNSET-d}", env) == "d||d"
    assert interpolate_string("${SET:+r}|${EMPTY:+r}|${EMPTY+r}", env) == "r||r"
    assert interpolate_string("${EMPTY?e}", env) == ""
    with pytest.raises(MissingVariable, match="EMPTY: needed"):
        interpolate_string("${EMPTY:?needed}", env)
    with pytest.raises(ValueError, match="invalid interpolation"):
        interpolate_string("${}", env)


@pytest.fixture(scope="module")
def resolved(compose) -> dict:
    """The compose file as `docker compose config` would see it with SAMPLE_ENV."""
    return interpolate(compose, SAMPLE_ENV)


@pytest.fixture(scope="module")
def validator(compose_schema):
    cls = jsonschema.validators.validator_for(compose_schema)
    cls.check_schema(compose_schema)
    return cls(compose_schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(validator, document) -> list[str]:
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: e.json_path)
    ]


# --- The official schema -------------------------------------------------------------


def test_schema_is_the_compose_specification(compose_schema):
    assert compose_schema["title"] == "Compose Specification"
    assert "services" in compose_schema["properties"]


def test_compose_file_matches_the_compose_specification(validator, compose):
    assert schema_errors(validator, compose) == []


def test_interpolated_compose_file_matches_the_compose_specification(validator, resolved):
    assert schema_errors(validator, resolved) == []


def test_schema_validation_is_not_vacuous(validator, compose):
    broken = copy.deepcopy(compose)
    broken["services"]["web"]["restart_policy"] = "always"  # not a Compose key
    broken["services"]["postgres"]["healthcheck"]["interval"] = 5  # must be a duration string
    errors = schema_errors(validator, broken)
    assert any("restart_policy" in error for error in errors), errors
    assert any("interval" in error for error in errors), errors


# --- Services and scaling ----------------------------------------------------------


def test_expected_services_are_defined(services):
    assert set(services) >= {"postgres", "redis", *APP_SERVICES, "proxy"}


def test_only_the_entry_point_publishes_ports(services):
    assert [name for name, service in services.items() if "ports" in service] == ["proxy"]


@pytest.mark.parametrize("name", ["web", "worker"])
def test_scaled_services_have_no_fixed_names_or_ports(services, name):
    service = services[name]
    for key in ("container_name", "ports", "hostname"):
        assert key not in service, f"{name} sets {key}, so --scale {name}=N would clash"


def test_no_service_sets_container_name(services):
    assert [name for name, service in services.items() if "container_name" in service] == []


def test_app_services_share_one_image(services):
    images = {(services[name]["image"], services[name]["build"]) for name in APP_SERVICES}
    assert len(images) == 1, images


def test_web_runs_the_image_command_and_worker_runs_db_worker(services):
    # web keeps the Dockerfile CMD (daphne); see test_dockerfile.py.
    assert "command" not in services["web"]
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]


# --- Start-up order -----------------------------------------------------------------


def test_migrate_is_a_one_shot_migration(services):
    migrate = services["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_worker_start_after_migrations_and_healthy_stores(services, name):
    assert services[name]["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }


def test_migrate_waits_for_a_healthy_database(services):
    assert services["migrate"]["depends_on"]["postgres"] == {"condition": "service_healthy"}


def test_entry_point_waits_for_a_healthy_web(services):
    assert services["proxy"]["depends_on"] == {"web": {"condition": "service_healthy"}}


# --- Health checks and data -------------------------------------------------------------


@pytest.mark.parametrize("name", ["postgres", "redis", "web", "proxy"])
def test_long_running_services_have_healthchecks(services, name):
    healthcheck = services[name]["healthcheck"]
    assert healthcheck["test"][0] in ("CMD", "CMD-SHELL"), healthcheck
    assert not healthcheck.get("disable")


@pytest.mark.parametrize("name", ["migrate", "worker"])
def test_services_without_http_disable_the_image_healthcheck(services, name):
    # The image's HEALTHCHECK asks daphne on :8000, which only web runs.
    assert services[name]["healthcheck"] == {"disable": True}


def test_web_healthcheck_asks_healthz(services):
    test = services["web"]["healthcheck"]["test"]
    assert test == [
        "CMD",
        "python",
        "deploy/healthcheck.py",
        f"http://127.0.0.1:{DAPHNE_PORT}/healthz",
    ]
    assert (REPO / "deploy" / "healthcheck.py").is_file()


def test_postgres_is_official_with_a_named_volume(compose, services):
    postgres = services["postgres"]
    assert re.fullmatch(r"postgres:\d+(\.\d+)?(-[a-z]+)?", postgres["image"]), postgres["image"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    named = [volume.split(":", 1)[0] for volume in postgres["volumes"]]
    assert named and all(name in compose["volumes"] for name in named), named


def test_redis_is_official_and_answers_ping(services):
    redis = services["redis"]
    assert redis["image"].startswith("redis:")
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_stores_are_not_reachable_from_the_entry_point(services):
    proxy_networks = set(services["proxy"]["networks"])
    for name in ("postgres", "redis"):
        assert proxy_networks.isdisjoint(services[name]["networks"]), name


# --- Environment and secrets -----------------------------------------------------------


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_get_every_settings_variable(services, name):
    environment = services[name]["environment"]
    assert set(SETTINGS_VARIABLES) <= set(environment)
    assert environment["GROUNDSWELL_ENV"] == "production"


@pytest.mark.parametrize("variable", REQUIRED_SECRETS)
def test_secrets_are_required_variables_never_values(compose_text, variable):
    uses = re.findall(r"\$\{" + variable + r"([^A-Za-z0-9_][^}]*)?\}", compose_text)
    assert uses, f"{variable} is never read from the environment"
    assert all(use.startswith(":?") for use in uses), f"every ${{{variable}}} needs ':?': {uses}"


@pytest.mark.parametrize("variable", REQUIRED_SECRETS)
@pytest.mark.parametrize("value", [None, ""])
def test_compose_refuses_to_start_without_a_secret(compose, variable, value):
    env = {**SAMPLE_ENV, variable: value}
    if value is None:
        del env[variable]
    with pytest.raises(MissingVariable, match=variable):
        interpolate(compose, env)


def test_secret_values_come_from_the_environment(resolved):
    for name in APP_SERVICES:
        environment = resolved["services"][name]["environment"]
        assert environment["SECRET_KEY"] == SAMPLE_ENV["SECRET_KEY"]
        assert urlsplit(environment["DATABASE_URL"]).password == SAMPLE_ENV["POSTGRES_PASSWORD"]
    postgres = resolved["services"]["postgres"]["environment"]
    assert postgres["POSTGRES_PASSWORD"] == SAMPLE_ENV["POSTGRES_PASSWORD"]


def test_service_urls_point_at_the_compose_services(resolved):
    services = resolved["services"]
    environment = services["web"]["environment"]
    postgres_env = services["postgres"]["environment"]
    database = urlsplit(environment["DATABASE_URL"])
    assert (database.scheme, database.hostname, database.port) == ("postgres", "postgres", 5432)
    assert database.username == postgres_env["POSTGRES_USER"]
    assert database.path == "/" + postgres_env["POSTGRES_DB"]
    redis = urlsplit(environment["REDIS_URL"])
    assert (redis.scheme, redis.hostname, redis.port) == ("redis", "redis", 6379)


def test_local_defaults_suit_plain_http(resolved):
    environment = resolved["services"]["web"]["environment"]
    assert environment["SECURE_SSL_REDIRECT"] == "false"
    assert "localhost" in environment["ALLOWED_HOSTS"].split(",")


def test_env_example_names_every_variable_compose_reads(compose_text, services):
    read = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", compose_text))
    passed_through = {key for key, value in services["web"]["environment"].items() if value is None}
    example = (REPO / "deploy" / "env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#? ?([A-Z_][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    assert (read | passed_through) - documented == set()


# --- The entry point (Caddy) ----------------------------------------------------------


def parse_caddyfile(text: str) -> list:
    """Caddyfile as a tree of (tokens, children); comments dropped, snippets kept."""
    root: list = []
    stack = [root]
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not line:
            continue
        if line == "}":
            stack.pop()
            continue
        opens = line.endswith("{") and not line.endswith("}{")
        tokens = line.removesuffix("{").split() if opens else line.split()
        node = (tokens, [])
        stack[-1].append(node)
        if opens:
            stack.append(node[1])
    assert len(stack) == 1, "unbalanced braces in Caddyfile"
    return root


def expand_imports(nodes: list, snippets: dict) -> list:
    expanded = []
    for tokens, children in nodes:
        if tokens[:1] == ["import"] and tokens[1] in snippets:
            expanded.extend(expand_imports(snippets[tokens[1]], snippets))
        else:
            expanded.append((tokens, expand_imports(children, snippets)))
    return expanded


def directive(nodes: list, *tokens: str, exact: bool = False):
    """The one child whose line starts with (or, if exact, is) these tokens."""
    found = [
        node for node in nodes if (node[0] if exact else node[0][: len(tokens)]) == list(tokens)
    ]
    assert len(found) == 1, f"expected one {' '.join(tokens)!r}, found {len(found)}"
    return found[0]


@pytest.fixture(scope="module")
def caddy_site(services):
    mounts = [m for m in services["proxy"]["volumes"] if m.endswith(":/etc/caddy/Caddyfile:ro")]
    assert len(mounts) == 1, services["proxy"]["volumes"]
    source = REPO / mounts[0].split(":", 1)[0]
    tree = parse_caddyfile(source.read_text(encoding="utf-8"))
    snippets = {
        tokens[0][1:-1]: children
        for tokens, children in tree
        if len(tokens) == 1 and tokens[0].startswith("(")
    }
    # The rest: the global options block (no tokens) and the one site block.
    (site,) = [node for node in tree if node[0] and not node[0][0].startswith("(")]
    return site[0], expand_imports(site[1], snippets)


def test_entry_point_listens_where_compose_says(services, caddy_site):
    address, _ = caddy_site
    assert address == ["{$SITE_ADDRESS::80}"]
    proxy = services["proxy"]
    assert proxy["image"].startswith("caddy:")
    assert proxy["environment"]["SITE_ADDRESS"] == "${SITE_ADDRESS:-:80}"
    assert {port.split(":")[-1] for port in proxy["ports"]} == {"80", "443", "443/udp"}


def assert_proxies_to_every_web_replica(reverse_proxy):
    _, children = reverse_proxy
    upstreams = directive(children, "dynamic", "a")[1]
    assert directive(upstreams, "name")[0] == ["name", "web"]
    assert directive(upstreams, "port")[0] == ["port", str(DAPHNE_PORT)]
    assert directive(upstreams, "refresh")  # so scaling up or down is noticed


def test_entry_point_proxies_http_to_web(caddy_site):
    _, site = caddy_site
    catch_all = directive(site, "handle", exact=True)
    assert_proxies_to_every_web_replica(directive(catch_all[1], "reverse_proxy"))


def test_entry_point_proxies_websocket_upgrades_under_ws(caddy_site):
    _, site = caddy_site
    matcher = directive(site, "@websockets")[1]
    assert directive(matcher, "path")[0] == ["path", "/ws/*"]
    assert directive(matcher, "header", "Upgrade")[0] == ["header", "Upgrade", "websocket"]
    assert directive(matcher, "header", "Connection")[0] == ["header", "Connection", "*Upgrade*"]
    handler = directive(site, "handle", "@websockets")
    assert_proxies_to_every_web_replica(directive(handler[1], "reverse_proxy"))


def test_entry_point_keeps_no_access_log(caddy_site):
    # An access log would record contributors' IP addresses (anonymity).
    _, site = caddy_site
    assert not [node for node in site if node[0][0] == "log"]
