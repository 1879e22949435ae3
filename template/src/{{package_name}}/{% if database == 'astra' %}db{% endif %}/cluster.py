"""The driver's Cluster, for Astra DB or a self-hosted Cassandra as the settings say."""

from typing import Any

from cassandra import ConsistencyLevel, ProtocolVersion
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile
from cassandra.policies import (
    DCAwareRoundRobinPolicy,
    ExponentialReconnectionPolicy,
    TokenAwarePolicy,
)

from .settings import DatabaseSettings


def target_options(settings: DatabaseSettings) -> dict[str, Any]:
    """The Cluster arguments that say where to connect and as whom."""
    if settings.uses_astra:
        assert settings.astra_db_application_token is not None  # checked by Settings
        return {
            "cloud": {
                "secure_connect_bundle": str(settings.astra_db_secure_connect_bundle),
                "connect_timeout": settings.cassandra_connect_timeout,
                # The bundle is unzipped in a temporary directory rather than beside
                # itself: mounted secrets are read-only.
                "use_default_tempdir": True,
            },
            # Astra authenticates a token under the literal user name "token".
            "auth_provider": PlainTextAuthProvider(
                "token", settings.astra_db_application_token.get_secret_value()
            ),
        }
    credentials = None
    if settings.cassandra_username is not None:
        password = settings.cassandra_password
        credentials = PlainTextAuthProvider(
            settings.cassandra_username,
            password.get_secret_value() if password is not None else "",
        )
    return {
        "contact_points": settings.contact_points,
        "port": settings.cassandra_port,
        "auth_provider": credentials,
        # Cassandra 4.0 and newer speak v5; left to negotiate, the driver would try
        # DataStax Enterprise's versions first, and warn at each step down.
        "protocol_version": ProtocolVersion.V5,
    }


def build_cluster(settings: DatabaseSettings) -> Cluster:
    """A Cluster for the configured target; nothing connects until `connect()`."""
    profile = ExecutionProfile(
        # LOCAL_QUORUM is what Astra DB requires for writes, and a majority of the local
        # datacenter's replicas anywhere else (the one replica of a test node).
        consistency_level=ConsistencyLevel.LOCAL_QUORUM,
        serial_consistency_level=ConsistencyLevel.LOCAL_SERIAL,
        request_timeout=settings.cassandra_request_timeout,
        # Each request goes straight to a replica of its partition, in the local DC
        # (Astra's secure connect bundle names it).
        load_balancing_policy=TokenAwarePolicy(
            DCAwareRoundRobinPolicy(
                local_dc=None if settings.uses_astra else settings.cassandra_local_dc
            )
        ),
    )
    return Cluster(
        **target_options(settings),
        execution_profiles={EXEC_PROFILE_DEFAULT: profile},
        connect_timeout=settings.cassandra_connect_timeout,
        control_connection_timeout=settings.cassandra_connect_timeout,
        # A node that went down is retried after 0.5 s, then less and less often up to
        # the cap; the driver's default cap (10 minutes) would leave a recovered
        # database unused for that long.
        reconnection_policy=ExponentialReconnectionPolicy(
            base_delay=0.5, max_delay=settings.cassandra_reconnect_max_delay
        ),
    )
