# The PolicyGraph API and CLI. Built by docker-compose.yml; runs `policygraph serve`.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md* ./
COPY ontology ontology
COPY loaders loaders
COPY graph graph
COPY api api
COPY viz viz
RUN pip install --no-cache-dir .
COPY samples samples
EXPOSE 8000
CMD ["policygraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
