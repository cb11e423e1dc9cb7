# Production image of the verzuim portal: one image for web (gunicorn), the Celery worker and beat.
# docker-compose.yml shows how they run together with PostgreSQL and Redis.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production \
    VAR_DIR=/app/var

# WeasyPrint renders documents through Pango and HarfBuzz; it also needs fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 verzuim \
    && useradd --system --uid 10001 --gid verzuim --home-dir /app --shell /usr/sbin/nologin verzuim

WORKDIR /app

# Dependencies first (from pyproject.toml, at the versions CI tested: requirements/constraints.txt), so that a
# code change does not reinstall them.
COPY pyproject.toml ./
COPY requirements/constraints.txt requirements/
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --constraint requirements/constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-deps --editable . \
    && mkdir -p /app/var/media /app/var/celery \
    && chown -R verzuim:verzuim /app/var

USER verzuim

# Static files are collected into the image; WhiteNoise serves them. The values below only let
# the production settings load during the build; the real ones come from the environment.
RUN SECRET_KEY=collectstatic-build-only ALLOWED_HOSTS=localhost PORTAL_BASE_URL=http://localhost \
    python manage.py collectstatic --noinput

# docker-compose.yml publishes only nginx in front of this port; Django also refuses a body over
# REQUEST_BODY_MAX_MB before reading it (verzuim/request_limits.py), should gunicorn be reached directly.
EXPOSE 8000

# Workers: WEB_CONCURRENCY (gunicorn reads it), default 3.
ENV WEB_CONCURRENCY=3
CMD ["gunicorn", "verzuim.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "60"]
