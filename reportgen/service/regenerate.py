"""Regenerating the records that use a shared workspace file, when the service was started with a
Dask cluster (`reportgen serve --cluster`): the same path as `batch --cluster` — the workspace's bytes
travel as a BundleResolver, the workers run the pipeline and return document bytes, this process
stores them. Without a cluster, the workspace builds each record in its own render threads."""

from __future__ import annotations

import threading

from ..batch.cluster import Cluster
from ..sources import BundleResolver


class ClusterBuilds:
    """One connection to the cluster for the service's lifetime, made at its first use (so a
    scheduler that is down fails a regeneration with its message, not the server's start)."""

    def __init__(self, address: str):
        self.address = address
        self._cluster: Cluster | None = None
        self._lock = threading.Lock()

    def build_many(self, files: dict[str, bytes], names: list[str], formats: tuple[str, ...], config) -> dict[str, dict]:
        """{name: build} for each record — the outputs, figures and dependencies `workspace.build`
        gives — or {name: {"problems": [...]}} for one that cannot be built."""
        with self._lock:  # one regeneration at a time on the one client
            if self._cluster is None:
                cluster = Cluster(self.address)
                cluster.connect()
                self._cluster = cluster
            builds = {}
            resolver = BundleResolver(files)
            for name, result, outputs in self._cluster.render(resolver, names, formats, config, dict(config.templates)):
                if result["problems"]:
                    builds[name] = {"problems": result["problems"]}
                    continue
                builds[name] = {
                    "outputs": {fmt: data for fmt, data in outputs.items() if fmt in formats},
                    "figures": result["figures"],
                    "deps": sorted(set(result["deps"]) - {name}),
                    "warnings": result["warnings"],
                }
            return builds

    def close(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
