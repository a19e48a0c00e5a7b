# syntax=docker/dockerfile:1
#
# Groundswell image: one image for the web (daphne), worker (db_worker) and
# migrate processes. See docker-compose.yml for how they are wired together.
#
#   docker build -t groundswell .

# --- Stage 1: front-end assets ------------------------------------------------
FROM node:24-slim AS assets

WORKDIR /src

# Dependencies first, so the npm layer is cached until the lockfile changes.
COPY frontend/package.json frontend/package-lock.json frontend/
RUN npm ci --prefix frontend --no-audit --no-fund

# The build may read templates from any app, so give it the whole tree
# (.dockerignore keeps node_modules, the venv and old builds out).
COPY . .
RUN npm run build --prefix frontend


# --- Stage 2: Python runtime --------------------------------------------------
FROM python:3.12-slim AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /app

RUN groupadd --system --gid 10001 groundswell \
    && useradd --system --uid 10001 --gid groundswell \
        --home-dir /app --no-create-home --shell /usr/sbin/nologin groundswell

# DejaVu fonts let the guide's PDF export draw accented and non-Latin letters.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY requirements/ requirements/
RUN pip install -r requirements/base.txt

COPY . .
COPY --from=assets /src/frontend/static/dist/ frontend/static/dist/

# collectstatic imports the production settings, which demand a SECRET_KEY and
# parse the service URLs (nothing is contacted). The throwaway values below
# live only in this RUN step: no ENV, no ARG, nothing kept in the image.
RUN GROUNDSWELL_ENV=production \
    SECRET_KEY=collectstatic-build-only-not-a-secret \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput

USER groundswell

EXPOSE 8000

# Asks GET /healthz (database and channel layer); see deploy/healthcheck.py.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "deploy/healthcheck.py", "http://127.0.0.1:8000/healthz"]

# --proxy-headers: client addresses come from X-Forwarded-For, which Caddy (the only way in)
# overwrites, so sign-in slow-downs count per real client, not per proxy.
CMD ["daphne", "--proxy-headers", "-b", "0.0.0.0", "-p", "8000", "backend.asgi:application"]
