"""Which of a rule's legal bases a finding cites: those for the kinds of IP right it is about and for the
deal's structure (a pledge-registration rule only where a right is pledged), each in the version that
governs that right (a design filed before 2021-06-01 keeps the earlier Patent Law's term)."""
from __future__ import annotations

from rules import derived
from rules.evaluate import Env, Trace, compile_node
from rules.expr import Attr, Binary, Comp, Name, Unary
from rules.packs import Rule

PATENTS, TRADEMARKS, COPYRIGHTS = derived.PATENT_TYPES, ("trademark",), derived.COPYRIGHT_TYPES
# The IP instruments the packs cite, and the rights each governs; any other instrument concerns every right.
RIGHTS_OF = {
    "专利法": PATENTS, "专利法实施细则": PATENTS, "专利权质押登记办法": PATENTS,
    "商标法": TRADEMARKS, "商标法实施条例": TRADEMARKS,
    "著作权法": COPYRIGHTS, "著作权法实施条例": COPYRIGHTS, "著作权质权登记办法": COPYRIGHTS,
}
# Instruments about pledge registration only: no basis for a right that nobody pledges.
PLEDGE_ONLY = frozenset({"专利权质押登记办法", "著作权质权登记办法"})


def cited_bases(rule: Rule, status: str, facts: dict) -> list[dict]:
    """The bases a finding of `rule` with `status` cites. A failure is about the rights it fails on;
    anything else about every right in the pool. When none of the rule's bases concerns those rights,
    all are kept, marked as cited by analogy (so the finding does not rest on them as law)."""
    rights = _failing(rule.condition.tree, facts) if status in ("fail", "warn") else None
    rights = rights or (facts.get("pool") or {}).get("ip") or []
    if not rights:
        return list(rule.basis_dicts)
    kinds = {ip.get("ip_type") for ip in rights}
    pledged = any(_is_pledged(ip, facts) for ip in rights)
    out = []
    for basis in rule.basis_dicts:
        governs = RIGHTS_OF.get(basis["instrument"])
        if (governs and None not in kinds and not kinds & set(governs)) \
                or (basis["instrument"] in PLEDGE_ONLY and not pledged):
            continue
        out += _in_governing_version(basis, rights)
    return out or [{**b, "analogy": True} for b in rule.basis_dicts]


def _is_pledged(ip: dict, facts: dict) -> bool:
    """Pledged, or may be: a pledge-loan deal, a deal whose model is not stated, or pledge facts on the right.
    (A right whose kind is not stated likewise keeps every right's bases.)"""
    model = (facts.get("deal") or {}).get("model")
    return model in ("pledge_loan", None) or bool(ip.get("pledge_reg_no") or ip.get("pledgee")
                                                  or ip.get("pledged_existing"))


def _in_governing_version(basis: dict, rights: list[dict]) -> list[dict]:
    """The basis as cited for the rights it governs; for a right whose term follows an earlier version of
    the term article, that version (unverified: the library holds only the current text)."""
    if (basis["instrument"], basis["article"]) != derived.PATENT_TERM_ARTICLE:
        return [basis]
    patents = [ip for ip in rights if ip.get("ip_type") in PATENTS]
    earlier = [(ip, day) for ip in patents if (day := derived.term_law_date(ip)) is not None]
    out = [basis] if len(earlier) < len(patents) else []
    for ip, day in earlier:
        out.append({**basis, "verification": "R", "governing_on": day.isoformat(),
                    "governs": f"the term of {ip.get('reg_no') or 'the design'} (design, filed {day.isoformat()}): "
                               f"designs filed before {derived.DESIGN_15Y_FROM.isoformat()} keep the 10-year term of "
                               "the Patent Law then in force (transitional rule, not verified here)"})
    return out


def _failing(node, facts: dict) -> list[dict] | None:
    """The IP rights a false condition fails on, when it quantifies over pool.ip; else None.
    all(ip in pool.ip : P) fails on the rights where P is false, not any(ip in pool.ip : P) where P is
    true, `a or b` and `a and b` on what their false sides fail on."""
    if isinstance(node, Comp) and node.fn == "all" and _is_pool_ip(node.iterable):
        return _where(node, facts, False)
    if isinstance(node, Unary) and node.op == "not" and isinstance(node.operand, Comp) \
            and node.operand.fn == "any" and _is_pool_ip(node.operand.iterable):
        return _where(node.operand, facts, True)
    if isinstance(node, Binary) and node.op in ("or", "and"):
        sides = [_failing(side, facts) for side in (node.left, node.right)]
        if all(side is None for side in sides):
            return None
        return [ip for side in sides for ip in side or []]
    return None


def _is_pool_ip(node) -> bool:
    return isinstance(node, Attr) and node.name == "ip" and isinstance(node.obj, Name) and node.obj.id == "pool"


def _where(comp: Comp, facts: dict, value: bool) -> list[dict]:
    """The pool's IP rights for which the quantifier's body is `value`."""
    body, env, out = compile_node(comp.body), Env(facts, Trace()), []
    for i, ip in enumerate((facts.get("pool") or {}).get("ip") or []):
        env.scope[comp.var] = (ip, f"pool.ip[{i}]")
        if body(env) is value:
            out.append(ip)
    return out
