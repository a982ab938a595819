# Alongside for a host: see docs/HOSTING.md (compose.yaml runs the web servers, workers,
# PostgreSQL and Redis from this image). Every dependency installs from wheels: no compiler here.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ALONGSIDE_PROFILE=production \
    ALONGSIDE_DATA_DIR=/data

# A user of its own: nothing in the container runs as root.
RUN groupadd --system --gid 10001 alongside \
    && useradd --system --uid 10001 --gid alongside --home-dir /data --no-create-home --shell /usr/sbin/nologin alongside \
    && mkdir /data \
    && chown alongside:alongside /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . \
    && rm -rf /app/src /app/build

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000

# `alongside` is Django's manage.py with extras: `prepare`, `worker`, `serve`, `createsuperuser`...
# The default runs the web server and one worker in one container; compose.yaml runs them apart.
ENTRYPOINT ["alongside"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
