# syntax=docker/dockerfile:1
# The .NET 10 images are Ubuntu 24.04 (noble); fonts-wqy-microhei comes from its universe component.

# The browser libraries served from wwwroot/lib, pinned by package-lock.json (scripts/setup does the same outside Docker).
FROM node:22-slim AS frontend
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the build files alone, so the package layer is reused until a version or a reference changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/SupplyTracker/SupplyTracker.csproj src/SupplyTracker/
RUN dotnet restore src/SupplyTracker/SupplyTracker.csproj

COPY .editorconfig ./
COPY seed-data/ seed-data/
COPY src/ src/
COPY --from=frontend /src/node_modules/@zxing/library/umd/index.min.js src/SupplyTracker/wwwroot/lib/zxing/zxing.min.js
# The project's Content item copies ../../seed-data into the publish output as seed-data/.
RUN dotnet publish src/SupplyTracker/SupplyTracker.csproj -c Release -o /app/publish --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final

# The CJK font for the PDF documents; curl for the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei fonts-noto-core fonts-dejavu-core fonts-hanazono fonts-symbola curl \
    && rm -rf /var/lib/apt/lists/*

# Created and handed to the app user before VOLUME, so a fresh named volume inherits the ownership.
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data
VOLUME /data

WORKDIR /app
COPY --from=build /app/publish .

# DOTNET_GCgen0size: a 16 MB gen0 budget. The GC sizes it from the largest CPU cache, and cloud VMs report the host's
# (260 MB L3 on the bench VM: ~200 MB of garbage before a gen0 collection, for 36 MB of live objects). The
# setting is read from the environment only (runtimeconfig.json cannot carry it). 32 MB (session 6) → 16 MB (session 7):
# 14 MB less resident under load and during the import, for about 1% more GC pause. See bench/README.md, sessions 6 and 7.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ConnectionStrings__SupplyTracker="Data Source=/data/supplytracker.db" \
    DOTNET_GCgen0size=0x1000000
EXPOSE 8080

USER $APP_UID

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://localhost:8080/healthz || exit 1

ENTRYPOINT ["dotnet", "SupplyTracker.dll"]
