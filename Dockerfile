# unipile-sim: `docker run -p 8787:8787 IMAGE` serves the default scenario on port 8787.
FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Only what the wheel is built from (see .dockerignore): the package, the scenarios and contracts
# that pyproject.toml force-includes into it, and the build hook that compiles `default` into it.
WORKDIR /src
COPY pyproject.toml README.md hatch_build.py ./
COPY simulator/ simulator/
COPY scenarios/ scenarios/
COPY contracts/ contracts/
# /state: where a mounted volume keeps the worlds (-e UNIPILE_SIM_STATE_FILE=/state/worlds.log);
# owned by the server's user, so a named volume mounted there starts writable.
RUN pip install --no-cache-dir . \
    && useradd --create-home --no-log-init --uid 10001 --user-group sim \
    && mkdir /state && chown 10001:10001 /state

USER 10001:10001
WORKDIR /home/sim
# The default scenario, in the server user's cache (from the wheel's compiled copy): a container
# starts without reading it or hashing the package's code (simulator/scenario/compiled_cache.py).
RUN python -m simulator.scenario.compiled_cache default
EXPOSE 8787

# slim has no curl: ask the health route with the standard library (urlopen raises on non-2xx).
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8787/_sim/health', timeout=2)"]

CMD ["unipile-sim", "serve", "--host", "0.0.0.0", "--port", "8787"]
