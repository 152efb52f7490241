"""Network arithmetic for rules: real CIDR math with ``ipaddress``, and port ranges."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from infralint.model import as_int, possible

WEB_PORTS = frozenset({80, 443})
ALL_PORTS = (0, 65535)


def network(value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    if not isinstance(value, str):
        return None
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


def covers_everything(values: list[Any]) -> bool:
    """True when the CIDRs together admit every IPv4 address or every IPv6 address
    (``0.0.0.0/0``, ``::/0``, or e.g. ``0.0.0.0/1`` + ``128.0.0.0/1``)."""
    v4 = [n for n in map(network, values) if n is not None and n.version == 4]
    v6 = [n for n in map(network, values) if n is not None and n.version == 6]
    for nets in (v4, v6):
        if nets and any(n.prefixlen == 0 for n in ipaddress.collapse_addresses(nets)):
            return True
    return False


def port_range(protocol: Any, from_port: Any, to_port: Any) -> tuple[int, int] | None:
    """The port range an ingress permission opens, or None when it cannot be known (or the
    protocol has no ports, like ICMP)."""
    if protocol == "all":
        return ALL_PORTS
    if protocol not in ("tcp", "udp"):
        return None
    low, high = as_int(from_port), as_int(to_port)
    if low is None or high is None:
        return None
    if low == -1 or high == -1:
        return ALL_PORTS
    return (min(low, high), max(low, high))


def non_web_ports(ports: tuple[int, int], web_ports: Iterable[int] = WEB_PORTS) -> bool:
    """Whether the range opens a port that is not one of ``web_ports``."""
    low, high = ports
    web = set(web_ports)
    return high - low + 1 > len(web) or any(p not in web for p in range(low, high + 1))


def describe(ports: tuple[int, int]) -> str:
    if ports == ALL_PORTS:
        return "all ports"
    low, high = ports
    return f"port {low}" if low == high else f"ports {low}-{high}"


def world_values(values: list[Any]) -> list[Any]:
    """Every possible value of the given CIDR values."""
    out: list = []
    for value in values:
        out.extend(possible(value))
    return out
