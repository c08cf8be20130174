# The migraup image: the server in production mode with the web app, built by the same
# command the test suite exercises (`cargo xtask dist`), so the image's build path is
# tested even where Docker does not run.
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo xtask dist

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/migraup migraup && mkdir -p /var/lib/migraup && chown migraup /var/lib/migraup
COPY --from=build /src/dist/migraup /usr/local/bin/migraup
COPY --from=build /src/dist/web /usr/local/share/migraup/web
USER migraup
WORKDIR /var/lib/migraup
# Production unless told otherwise: no /dev/mail, no GraphiQL, no introspection, no demo data.
ENV MIGRAUP_ENV=production \
    MIGRAUP_BIND=0.0.0.0:8080 \
    MIGRAUP_STATIC_DIR=/usr/local/share/migraup/web
EXPOSE 8080
# Ready: the server answers /readyz (its database is reachable). No shell or curl needed.
HEALTHCHECK CMD ["migraup", "health"]
ENTRYPOINT ["migraup"]
CMD ["serve"]
