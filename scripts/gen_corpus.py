#!/usr/bin/env python3
"""Generate a deterministic synthetic AWS Terraform repository for benchmarks.

Usage: gen_corpus.py OUT_DIR [--files N] [--seed S]

The repository is one root module that calls a network module and ~37 service
modules (some with `for_each` or `count` on the call), which in turn call two
shared building-block modules (an S3 bucket and a Lambda function), about 40
local modules in all. The content is ordinary AWS infrastructure: S3 buckets and
their companion resources, security groups with `dynamic` ingress from
variables, IAM roles and policy documents (nested `dynamic` blocks), RDS,
EC2 and Auto Scaling, Lambda, SQS/SNS, DynamoDB, ALB listeners, ECS, EFS,
ElastiCache, KMS, Secrets Manager and CloudWatch alarms. Sibling modules consume
each other's outputs through the root module. A mix of good and bad practice
is deliberate, so that audits have something to find.

Output is in `terraform fmt` canonical form (check it with
`terraform fmt -check -recursive OUT_DIR`). Only the Python standard library
is used; the same seed and file count always produce the same bytes.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from typing import Union

# ---------------------------------------------------------------------------
# HCL emitter. Produces `terraform fmt` canonical layout: two-space indent and
# `=` aligned across runs of consecutive single-line attributes (a line that
# opens a multi-line value, a block, a blank line or a comment ends a run; a
# heredoc joins the run above it and ends it).
# ---------------------------------------------------------------------------


@dataclass
class Obj:
    """Multi-line object constructor `{ key = value ... }`."""

    items: list


@dataclass
class Lst:
    """Multi-line tuple constructor, one element per line."""

    values: list


@dataclass
class Call:
    """Function call whose last argument is multi-line: `name(a, b, {...})`."""

    name: str
    args: list  # leading single-line arguments (raw expressions)
    last: object


@dataclass
class Heredoc:
    marker: str
    lines: list


@dataclass
class Attr:
    key: str
    value: object


@dataclass
class Block:
    header: str
    items: list


@dataclass
class Comment:
    text: str


BLANK = "\x00blank"

Value = Union[str, Obj, Lst, Call, Heredoc]


def render_value(v, level):
    """Render a value; returns [(level or None, text)], first line continues the key."""
    if isinstance(v, str):
        return [(level, v)]
    if isinstance(v, Obj):
        if not v.items:
            return [(level, "{}")]
        return [(level, "{")] + render_body(v.items, level + 1) + [(level, "}")]
    if isinstance(v, Lst):
        if not v.values:
            return [(level, "[]")]
        out = [(level, "[")]
        for item in v.values:
            lines = render_value(item, level + 1)
            lvl, text = lines[-1]
            lines[-1] = (lvl, text + ",")
            out.extend(lines)
        out.append((level, "]"))
        return out
    if isinstance(v, Call):
        inner = render_value(v.last, level)
        prefix = v.name + "(" + "".join(a + ", " for a in v.args)
        lvl, text = inner[0]
        inner[0] = (lvl, prefix + text)
        lvl, text = inner[-1]
        inner[-1] = (lvl, text + ")")
        return inner
    if isinstance(v, Heredoc):
        pad = "  " * (level + 1)
        out = [(level, "<<-" + v.marker)]
        out.extend((None, (pad + line) if line else "") for line in v.lines)
        out.append((None, "  " * level + v.marker))
        return out
    raise TypeError(f"cannot render {v!r}")


def render_body(items, level):
    out = []
    run = []

    def flush():
        if run:
            width = max(len(k) for k, _ in run)
            for k, text in run:
                out.append((level, f"{k.ljust(width)} = {text}"))
            run.clear()

    for it in items:
        if isinstance(it, Attr):
            lines = render_value(it.value, level)
            if len(lines) == 1:
                run.append((it.key, lines[0][1]))
            elif isinstance(it.value, Heredoc):
                run.append((it.key, lines[0][1]))
                flush()
                out.extend(lines[1:])
            else:
                flush()
                out.append((level, f"{it.key} = {lines[0][1]}"))
                out.extend(lines[1:])
        elif isinstance(it, Block):
            flush()
            if it.items:
                out.append((level, it.header + " {"))
                out.extend(render_body(it.items, level + 1))
                out.append((level, "}"))
            else:
                out.append((level, it.header + " {}"))
        elif isinstance(it, Comment):
            flush()
            out.append((level, "# " + it.text))
        elif it == BLANK:
            flush()
            out.append((level, ""))
        else:
            raise TypeError(f"unknown body item {it!r}")
    flush()
    return out


def render_file(items):
    lines = render_body(items, 0)
    text = []
    for lvl, t in lines:
        if lvl is None or t == "":
            text.append(t)
        else:
            text.append("  " * lvl + t)
    # Collapse blank runs and trim: fmt keeps blank lines, but we want tidy files.
    cleaned = []
    for t in text:
        if t == "" and (not cleaned or cleaned[-1] == ""):
            continue
        cleaned.append(t)
    while cleaned and cleaned[-1] == "":
        cleaned.pop()
    return "\n".join(cleaned) + "\n"


IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
RESERVED_KEYS = {"true", "false", "null", "for", "in", "if"}


def q(s):
    """Quote a string template: `${...}` in `s` stays an interpolation."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lit(s):
    """Quote a string literal: template sequences in `s` are escaped."""
    return q(s.replace("${", "$${").replace("%{", "%%{"))


def key(k):
    return k if IDENT.match(k) and k not in RESERVED_KEYS else q(k)


def hv(x, inline_limit=70):
    """Python data -> HCL value (inline when short and flat)."""
    if x is None:
        return "null"
    if x is True:
        return "true"
    if x is False:
        return "false"
    if isinstance(x, (int, float)):
        return str(x)
    if isinstance(x, str):
        return lit(x)
    if isinstance(x, list):
        parts = [hv(e, inline_limit) for e in x]
        if all(isinstance(p, str) for p in parts):
            inline = "[" + ", ".join(parts) + "]"
            if len(inline) <= inline_limit:
                return inline
        return Lst(parts)
    if isinstance(x, dict):
        parts = [(key(k), hv(v, inline_limit)) for k, v in x.items()]
        if not parts:
            return "{}"
        if len(parts) <= 2 and all(isinstance(v, str) for _, v in parts):
            inline = "{ " + ", ".join(f"{k} = {v}" for k, v in parts) + " }"
            if len(inline) <= inline_limit:
                return inline
        return Obj([Attr(k, v) for k, v in parts])
    raise TypeError(f"cannot convert {x!r}")


def obj(**kw):
    return Obj([Attr(k, v) for k, v in kw.items()])


def lst(*values):
    return Lst(list(values))


def merge_tags(extra):
    """`merge(local.common_tags, { ... })` with the given extra tags."""
    return Call("merge", ["local.common_tags"], Obj([Attr(key(k), v) for k, v in extra.items()]))


# ---------------------------------------------------------------------------
# Module model
# ---------------------------------------------------------------------------

MISSING = object()


@dataclass
class Variable:
    name: str
    type: Value
    default: object = MISSING  # HCL value, or MISSING for a required variable
    description: str = ""
    sensitive: bool = False
    validation: tuple | None = None  # (condition, error_message)


class NameRegistry:
    """Managed resource names are unique across the whole corpus."""

    def __init__(self):
        self.seen = set()

    def claim(self, rtype, name):
        k = (rtype, name)
        if k in self.seen:
            raise AssertionError(f"duplicate resource name {rtype}.{name}")
        self.seen.add(k)


@dataclass
class ModuleBuilder:
    dirname: str  # path relative to the corpus root
    registry: NameRegistry
    variables: dict = field(default_factory=dict)
    outputs: list = field(default_factory=list)
    files: dict = field(default_factory=dict)
    extra_files: dict = field(default_factory=dict)  # non-HCL files (templates)

    def var(self, name, type_, default=MISSING, description="", sensitive=False, validation=None):
        if name in self.variables:
            raise AssertionError(f"variable {name} declared twice in {self.dirname}")
        self.variables[name] = Variable(name, type_, default, description, sensitive, validation)
        return "var." + name

    def output(self, name, value, description, sensitive=False):
        self.outputs.append((name, value, description, sensitive))

    def resource(self, rtype, name, items):
        self.registry.claim(rtype, name)
        return Block(f'resource "{rtype}" "{name}"', items)

    def add_file(self, name, items):
        if name in self.files:
            raise AssertionError(f"file {name} written twice in {self.dirname}")
        self.files[name] = items

    def finish(self):
        """Add variables.tf and outputs.tf from what the components declared."""
        items = []
        for v in self.variables.values():
            body = []
            if v.description:
                body.append(Attr("description", q(v.description)))
            body.append(Attr("type", v.type))
            if v.default is not MISSING:
                body.append(Attr("default", v.default))
            if v.sensitive:
                body.append(Attr("sensitive", "true"))
            if v.validation:
                cond, msg = v.validation
                body.append(BLANK)
                body.append(Block("validation", [Attr("condition", cond), Attr("error_message", q(msg))]))
            items.append(Block(f'variable "{v.name}"', body))
            items.append(BLANK)
        self.add_file("variables.tf", items)
        items = []
        for name, value, desc, sensitive in self.outputs:
            body = [Attr("description", q(desc)), Attr("value", value)]
            if sensitive:
                body.append(Attr("sensitive", "true"))
            items.append(Block(f'output "{name}"', body))
            items.append(BLANK)
        self.add_file("outputs.tf", items)

    def write(self, root):
        base = os.path.join(root, self.dirname)
        os.makedirs(base, exist_ok=True)
        for name in sorted(self.files):
            with open(os.path.join(base, name), "w", encoding="utf-8", newline="\n") as f:
                f.write(render_file(self.files[name]))
        for name in sorted(self.extra_files):
            path = os.path.join(base, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(self.extra_files[name])


def versions_file(required_version=">= 1.6.0"):
    return [
        Block(
            "terraform",
            [
                Attr("required_version", q(required_version)),
                BLANK,
                Block(
                    "required_providers",
                    [Attr("aws", obj(source=q("hashicorp/aws"), version=q(">= 5.40, < 6.0")))],
                ),
            ],
        )
    ]


# ---------------------------------------------------------------------------
# Service-module components. Each writes one file and declares the variables,
# locals and outputs it needs on the module.
# ---------------------------------------------------------------------------

WORDS = {
    "s3": ["invoices", "exports", "uploads", "reports", "archives", "snapshots", "assets",
           "thumbnails", "manifests", "statements", "datasets", "attachments", "evidence"],
    "sg": ["api", "worker", "admin", "internal", "edge", "batch", "ops"],
    "iam": ["runner", "deployer", "reader", "ingestor", "operator", "auditor", "publisher"],
    "rds": ["primary", "reporting", "history", "ledgerdb", "catalogdb"],
    "ec2": ["bastion", "crawler", "indexer", "renderer", "transcoder", "scanner"],
    "asg": ["fleet", "pool", "consumers", "processors", "builders"],
    "lambda": ["resize", "notify", "cleanup", "enrich", "validate", "rollup", "dispatch",
               "digest", "reconcile", "webhook", "sweeper"],
    "sqs": ["events", "jobs", "commands", "retries", "callbacks", "updates"],
    "dynamodb": ["sessions", "state", "idempotency", "locks", "cursors", "counters"],
    "alarms": ["health", "latency", "errors", "saturation"],
    "alb": ["public", "private", "partner"],
    "kms": ["data", "logs", "backup", "tokens"],
    "secrets": ["credentials", "apikeys", "signing", "oauth"],
    "cache": ["cache", "ratelimit", "leaderboard"],
    "ecr": ["images", "tools", "base"],
    "ecs": ["app", "sidecar", "scheduler", "consumer", "gateway"],
    "efs": ["shared", "scratch", "media"],
    "bucketmod": ["stores", "feeds", "drops", "landing"],
    "lambdamod": ["handlers", "hooks", "tasks", "triggers"],
}

# Relative frequency of each optional component kind in a service module.
KIND_WEIGHTS = [
    ("s3", 8), ("iam", 4), ("sg", 3), ("rds", 2), ("ec2", 3), ("asg", 2), ("lambda", 6),
    ("sqs", 4), ("dynamodb", 3), ("alarms", 3), ("alb", 2), ("kms", 2), ("secrets", 2),
    ("cache", 2), ("ecr", 2), ("ecs", 3), ("efs", 1), ("bucketmod", 2), ("lambdamod", 2),
]


@dataclass
class Ctx:
    svc: str
    rng: random.Random
    m: ModuleBuilder
    used_words: set
    primary_sg: str = ""
    primary_role: str = ""
    sg_outputs: list = field(default_factory=list)
    queue_outputs: list = field(default_factory=list)

    def word(self, kind):
        pool = [w for w in WORDS[kind] if w not in self.used_words]
        if pool:
            w = self.rng.choice(pool)
        else:
            base = self.rng.choice(WORDS[kind])
            n = 2
            while f"{base}{n}" in self.used_words:
                n += 1
            w = f"{base}{n}"
        self.used_words.add(w)
        return w

    def rn(self, word, suffix=""):
        """Resource name: unique across the corpus."""
        return f"{self.svc}_{word}{suffix}"


def header(ctx, what):
    return [Comment(f"{what} for the {ctx.svc} service."), BLANK]


def comp_sg(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    rules = [
        {"description": "HTTPS from the VPC", "from_port": 443, "to_port": 443,
         "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]},
        {"description": "App port from the VPC", "from_port": 8080 + rng.randrange(10),
         "to_port": 8080 + rng.randrange(10, 20), "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]},
    ]
    if rng.random() < 0.3:
        rules.append({"description": "SSH for break-glass access", "from_port": 22, "to_port": 22,
                      "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]})
    if rng.random() < 0.2:
        rules.append({"description": "Legacy clients", "from_port": 0, "to_port": 65535,
                      "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]})
    rule_type = Call("list", [], Call("object", [], Obj([
        Attr("description", "string"), Attr("from_port", "number"), Attr("to_port", "number"),
        Attr("protocol", "string"), Attr("cidr_blocks", "list(string)"),
        Attr("ipv6_cidr_blocks", "optional(list(string), [])"),
    ])))
    v_rules = m.var(f"{w}_ingress_rules", rule_type, hv(rules),
                    f"Ingress rules of the {w} security group.")
    v_egress = m.var(f"{w}_egress_cidrs", "list(string)", hv(["0.0.0.0/0"]),
                     f"Destinations the {w} security group may reach.")
    items = header(ctx, f"Security group `{w}`")
    items.append(m.resource("aws_security_group", rn, [
        Attr("name", q(f"${{local.name}}-{w}")),
        Attr("description", q(f"{w} tier of {ctx.svc}")),
        Attr("vpc_id", "var.vpc_id"),
        BLANK,
        Block('dynamic "ingress"', [
            Attr("for_each", v_rules),
            Block("content", [
                Attr("description", "ingress.value.description"),
                Attr("from_port", "ingress.value.from_port"),
                Attr("to_port", "ingress.value.to_port"),
                Attr("protocol", "ingress.value.protocol"),
                Attr("cidr_blocks", "ingress.value.cidr_blocks"),
                Attr("ipv6_cidr_blocks", "ingress.value.ipv6_cidr_blocks"),
            ]),
        ]),
        BLANK,
        Block("egress", [
            Attr("description", q("Outbound")),
            Attr("from_port", "0"),
            Attr("to_port", "0"),
            Attr("protocol", q("-1")),
            Attr("cidr_blocks", v_egress),
        ]),
        BLANK,
        Attr("tags", merge_tags({"Name": q(f"${{local.name}}-{w}"), "Tier": q(w)})),
        BLANK,
        Block("lifecycle", [Attr("create_before_destroy", "true")]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_vpc_security_group_ingress_rule", ctx.rn(w, "_from_peers"), [
        Attr("count", "length(var.peer_security_group_ids)"),
        BLANK,
        Attr("security_group_id", f"aws_security_group.{rn}.id"),
        Attr("referenced_security_group_id", "var.peer_security_group_ids[count.index]"),
        Attr("from_port", "443"),
        Attr("to_port", "443"),
        Attr("ip_protocol", q("tcp")),
        Attr("description", q("HTTPS from peer services")),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_vpc_security_group_egress_rule", ctx.rn(w, "_dns"), [
        Attr("for_each", "toset([\"udp\", \"tcp\"])"),
        BLANK,
        Attr("security_group_id", f"aws_security_group.{rn}.id"),
        Attr("cidr_ipv4", q("10.0.0.2/32")),
        Attr("from_port", "53"),
        Attr("to_port", "53"),
        Attr("ip_protocol", "each.value"),
        Attr("description", q("DNS to the VPC resolver")),
    ]))
    m.output(f"{w}_security_group_id", f"aws_security_group.{rn}.id",
             f"ID of the {w} security group.")
    ctx.sg_outputs.append(f"{w}_security_group_id")
    if not ctx.primary_sg:
        ctx.primary_sg = rn
    return items


def comp_iam(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    service = rng.choice(["ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "lambda.amazonaws.com"])
    statements = {
        "ReadConfig": {"effect": "Allow", "actions": ["ssm:GetParameter", "ssm:GetParametersByPath"],
                       "resources": [f"arn:aws:ssm:*:*:parameter/{ctx.svc}/*"], "conditions": []},
        "WriteMetrics": {"effect": "Allow", "actions": ["cloudwatch:PutMetricData"], "resources": ["*"],
                         "conditions": [{"test": "StringEquals", "variable": "cloudwatch:namespace",
                                         "values": [ctx.svc.capitalize()]}]},
    }
    if rng.random() < 0.25:
        statements["Broad"] = {"effect": "Allow", "actions": ["s3:*"], "resources": ["*"], "conditions": []}
    if rng.random() < 0.1:
        statements["Admin"] = {"effect": "Allow", "actions": ["*"], "resources": ["*"], "conditions": []}
    st_type = Call("map", [], Call("object", [], Obj([
        Attr("effect", "string"),
        Attr("actions", "list(string)"),
        Attr("resources", "list(string)"),
        Attr("conditions", "optional(list(object({ test = string, variable = string, values = list(string) })), [])"),
    ])))
    v_st = m.var(f"{w}_statements", st_type, hv(statements), f"Extra IAM statements for the {w} role.")
    v_managed = m.var(f"{w}_managed_policy_arns", "list(string)",
                      hv(["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]),
                      f"AWS managed policies attached to the {w} role.")
    v_session = m.var(f"{w}_max_session_duration", "number", "3600", "Maximum session length in seconds.")
    items = header(ctx, f"IAM role `{w}`")
    items.append(Block(f'data "aws_iam_policy_document" "{rn}_assume"', [
        Block("statement", [
            Attr("sid", q("AssumeRole")),
            Attr("actions", '["sts:AssumeRole"]'),
            BLANK,
            Block("principals", [Attr("type", q("Service")), Attr("identifiers", f'["{service}"]')]),
            BLANK,
            Block("condition", [
                Attr("test", q("StringEquals")),
                Attr("variable", q("aws:SourceAccount")),
                Attr("values", "[local.account_id]"),
            ]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_iam_role", rn, [
        Attr("name", q(f"${{local.name}}-{w}")),
        Attr("assume_role_policy", f"data.aws_iam_policy_document.{rn}_assume.json"),
        Attr("max_session_duration", v_session),
        Attr("path", q(f"/{ctx.svc}/")),
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(Block(f'data "aws_iam_policy_document" "{rn}"', [
        Block('dynamic "statement"', [
            Attr("for_each", v_st),
            Block("content", [
                Attr("sid", "statement.key"),
                Attr("effect", "statement.value.effect"),
                Attr("actions", "statement.value.actions"),
                Attr("resources", "statement.value.resources"),
                BLANK,
                Block('dynamic "condition"', [
                    Attr("for_each", "statement.value.conditions"),
                    Block("content", [
                        Attr("test", "condition.value.test"),
                        Attr("variable", "condition.value.variable"),
                        Attr("values", "condition.value.values"),
                    ]),
                ]),
            ]),
        ]),
        BLANK,
        Block('dynamic "statement"', [
            Attr("for_each", "length(var.upstream_queue_arns) > 0 ? [var.upstream_queue_arns] : []"),
            Block("content", [
                Attr("sid", q("ConsumeUpstream")),
                Attr("actions", '["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]'),
                Attr("resources", "statement.value"),
            ]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_iam_policy", rn, [
        Attr("name", q(f"${{local.name}}-{w}")),
        Attr("description", q(f"Permissions of the {ctx.svc} {w} role")),
        Attr("policy", f"data.aws_iam_policy_document.{rn}.json"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_iam_role_policy_attachment", rn, [
        Attr("for_each", f"merge({{ custom = aws_iam_policy.{rn}.arn }}, {{ for arn in {v_managed} : basename(arn) => arn }})"),
        BLANK,
        Attr("role", f"aws_iam_role.{rn}.name"),
        Attr("policy_arn", "each.value"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_iam_role_policy", ctx.rn(w, "_kms"), [
        Attr("count", "var.kms_key_arn == null ? 0 : 1"),
        Attr("name", q("kms")),
        Attr("role", f"aws_iam_role.{rn}.id"),
        Attr("policy", Call("jsonencode", [], obj(
            Version=q("2012-10-17"),
            Statement=lst(obj(
                Effect=q("Allow"),
                Action='["kms:Decrypt", "kms:GenerateDataKey"]',
                Resource="var.kms_key_arn",
            )),
        ))),
    ]))
    if service == "ec2.amazonaws.com":
        items.append(BLANK)
        items.append(m.resource("aws_iam_instance_profile", rn, [
            Attr("name", q(f"${{local.name}}-{w}")),
            Attr("role", f"aws_iam_role.{rn}.name"),
        ]))
    m.output(f"{w}_role_arn", f"aws_iam_role.{rn}.arn", f"ARN of the {w} role.")
    if not ctx.primary_role:
        ctx.primary_role = rn
    return items


def lifecycle_rule_type():
    return "list(object({ id = string, prefix = string, transitions = list(object({ days = number, storage_class = string })), expiration_days = optional(number) }))"


def lifecycle_rules(rng, w):
    rules = [{
        "id": "tiering",
        "prefix": f"{w}/",
        "transitions": [{"days": 30, "storage_class": "STANDARD_IA"},
                        {"days": rng.choice([90, 120, 180]), "storage_class": "GLACIER_IR"}],
        "expiration_days": rng.choice([365, 730, None]),
    }]
    if rng.random() < 0.5:
        rules.append({"id": "tmp", "prefix": "tmp/", "transitions": [], "expiration_days": 7})
    return rules


def comp_s3(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    v_ver = m.var(f"{w}_versioning", "bool", hv(rng.random() < 0.8), f"Keep object versions in the {w} bucket.")
    v_rules = m.var(f"{w}_lifecycle_rules", lifecycle_rule_type(), hv(lifecycle_rules(rng, w)),
                    f"Lifecycle rules of the {w} bucket.")
    v_readers = m.var(f"{w}_reader_arns", "list(string)", "[]", f"Principals allowed to read the {w} bucket.")
    items = header(ctx, f"S3 bucket `{w}` and its companion resources")
    items.append(m.resource("aws_s3_bucket", rn, [
        Attr("bucket", q(f"${{local.name}}-{w}-${{local.account_id}}")),
        Attr("force_destroy", "!local.is_prod"),
        BLANK,
        Attr("tags", merge_tags({"Name": q(f"${{local.name}}-{w}"),
                                 "DataClass": q(rng.choice(["internal", "confidential", "public"]))})),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_s3_bucket_ownership_controls", rn, [
        Attr("bucket", f"aws_s3_bucket.{rn}.id"),
        BLANK,
        Block("rule", [Attr("object_ownership", q("BucketOwnerEnforced"))]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_s3_bucket_versioning", rn, [
        Attr("bucket", f"aws_s3_bucket.{rn}.id"),
        BLANK,
        Block("versioning_configuration", [Attr("status", f'{v_ver} ? "Enabled" : "Suspended"')]),
    ]))
    if rng.random() < 0.85:
        items.append(BLANK)
        items.append(m.resource("aws_s3_bucket_server_side_encryption_configuration", rn, [
            Attr("bucket", f"aws_s3_bucket.{rn}.id"),
            BLANK,
            Block("rule", [
                Block("apply_server_side_encryption_by_default", [
                    Attr("sse_algorithm", 'var.kms_key_arn == null ? "AES256" : "aws:kms"'),
                    Attr("kms_master_key_id", "var.kms_key_arn"),
                ]),
                Attr("bucket_key_enabled", "var.kms_key_arn != null"),
            ]),
        ]))
    if rng.random() < 0.85:
        open_ = rng.random() < 0.15
        items.append(BLANK)
        items.append(m.resource("aws_s3_bucket_public_access_block", rn, [
            Attr("bucket", f"aws_s3_bucket.{rn}.id"),
            Attr("block_public_acls", "true"),
            Attr("block_public_policy", hv(not open_)),
            Attr("ignore_public_acls", "true"),
            Attr("restrict_public_buckets", hv(not open_)),
        ]))
    items.append(BLANK)
    items.append(m.resource("aws_s3_bucket_lifecycle_configuration", rn, [
        Attr("count", f"length({v_rules}) > 0 ? 1 : 0"),
        Attr("bucket", f"aws_s3_bucket.{rn}.id"),
        BLANK,
        Block('dynamic "rule"', [
            Attr("for_each", v_rules),
            Block("content", [
                Attr("id", "rule.value.id"),
                Attr("status", q("Enabled")),
                BLANK,
                Block("filter", [Attr("prefix", "rule.value.prefix")]),
                BLANK,
                Block('dynamic "transition"', [
                    Attr("for_each", "rule.value.transitions"),
                    Block("content", [
                        Attr("days", "transition.value.days"),
                        Attr("storage_class", "transition.value.storage_class"),
                    ]),
                ]),
                BLANK,
                Block('dynamic "expiration"', [
                    Attr("for_each", "rule.value.expiration_days == null ? [] : [rule.value.expiration_days]"),
                    Block("content", [Attr("days", "expiration.value")]),
                ]),
                BLANK,
                Block("abort_incomplete_multipart_upload", [Attr("days_after_initiation", "7")]),
            ]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_s3_bucket_logging", rn, [
        Attr("count", "var.access_log_bucket == null ? 0 : 1"),
        BLANK,
        Attr("bucket", f"aws_s3_bucket.{rn}.id"),
        Attr("target_bucket", "var.access_log_bucket"),
        Attr("target_prefix", q(f"s3/{ctx.svc}/{w}/")),
    ]))
    items.append(BLANK)
    items.append(Block(f'data "aws_iam_policy_document" "{rn}_bucket"', [
        Block("statement", [
            Attr("sid", q("DenyInsecureTransport")),
            Attr("effect", q("Deny")),
            Attr("actions", '["s3:*"]'),
            Attr("resources", f'[aws_s3_bucket.{rn}.arn, "${{aws_s3_bucket.{rn}.arn}}/*"]'),
            BLANK,
            Block("principals", [Attr("type", q("*")), Attr("identifiers", '["*"]')]),
            BLANK,
            Block("condition", [
                Attr("test", q("Bool")),
                Attr("variable", q("aws:SecureTransport")),
                Attr("values", '["false"]'),
            ]),
        ]),
        BLANK,
        Block('dynamic "statement"', [
            Attr("for_each", f"length({v_readers}) > 0 ? [1] : []"),
            Block("content", [
                Attr("sid", q("AllowReaders")),
                Attr("actions", '["s3:GetObject", "s3:ListBucket"]'),
                Attr("resources", f'[aws_s3_bucket.{rn}.arn, "${{aws_s3_bucket.{rn}.arn}}/*"]'),
                BLANK,
                Block("principals", [Attr("type", q("AWS")), Attr("identifiers", v_readers)]),
            ]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_s3_bucket_policy", rn, [
        Attr("bucket", f"aws_s3_bucket.{rn}.id"),
        Attr("policy", f"data.aws_iam_policy_document.{rn}_bucket.json"),
    ]))
    v_tier = m.var(f"{w}_archive_after_days", "number", rng.choice(["null", "90", "180"]),
                   f"Days before unread objects of the {w} bucket move to archive tiers, or null.")
    items.append(BLANK)
    items.append(m.resource("aws_s3_bucket_intelligent_tiering_configuration", rn, [
        Attr("count", f"{v_tier} == null ? 0 : 1"),
        BLANK,
        Attr("bucket", f"aws_s3_bucket.{rn}.id"),
        Attr("name", q("archive")),
        Attr("status", q("Enabled")),
        BLANK,
        Block("tiering", [Attr("access_tier", q("ARCHIVE_ACCESS")), Attr("days", v_tier)]),
        BLANK,
        Block("tiering", [Attr("access_tier", q("DEEP_ARCHIVE_ACCESS")), Attr("days", f"{v_tier} * 2")]),
    ]))
    m.output(f"{w}_bucket_arn", f"aws_s3_bucket.{rn}.arn", f"ARN of the {w} bucket.")
    m.output(f"{w}_bucket_name", f"aws_s3_bucket.{rn}.bucket", f"Name of the {w} bucket.")
    return items


def comp_bucketmod(ctx, w):
    m, rng = ctx.m, ctx.rng
    buckets = {}
    for name in rng.sample(["raw", "curated", "rejected", "inbound", "outbound", "quarantine"], 3):
        buckets[name] = {"versioning": rng.random() < 0.7, "object_lock": rng.random() < 0.2,
                         "retention_days": rng.choice([30, 90, 365])}
    v = m.var(f"{w}_buckets", "map(object({ versioning = bool, object_lock = bool, retention_days = number }))",
              hv(buckets), f"Buckets of the {w} data store, by purpose.")
    items = header(ctx, f"Bucket set `{w}` built from the shared bucket module")
    items.append(Block("locals", [
        Attr(f"{w}_buckets", f"{{ for k, b in {v} : k => merge(b, {{ name = \"${{local.name}}-{w}-${{k}}\" }}) }}"),
    ]))
    items.append(BLANK)
    items.append(Block(f'module "{w}"', [
        Attr("source", q("../s3_bucket")),
        Attr("for_each", f"local.{w}_buckets"),
        BLANK,
        Attr("name", "each.value.name"),
        Attr("versioning", "each.value.versioning"),
        Attr("object_lock", "each.value.object_lock"),
        Attr("kms_key_arn", "var.kms_key_arn"),
        Attr("access_log_bucket", "var.access_log_bucket"),
        Attr("lifecycle_rules", Lst([obj(
            id=q("expire"),
            prefix=q(""),
            transitions="[]",
            expiration_days="each.value.retention_days",
        )])),
        Attr("tags", merge_tags({"Store": q(w), "Purpose": "each.key"})),
    ]))
    m.output(f"{w}_bucket_arns", f"{{ for k, b in module.{w} : k => b.arn }}", f"ARNs of the {w} buckets.")
    return items


def comp_rds(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    engine, family, version = rng.choice([("postgres", "postgres15", "15.5"), ("postgres", "postgres16", "16.2"),
                                          ("mysql", "mysql8.0", "8.0.36")])
    params = {"log_min_duration_statement": "500", "rds.force_ssl": "1"} if engine == "postgres" else \
        {"slow_query_log": "1", "require_secure_transport": "ON"}
    v_on = m.var(f"{w}_enabled", "bool", "true", f"Create the {w} database.")
    v_class = m.var(f"{w}_instance_class", "string", q(rng.choice(["db.t4g.medium", "db.r6g.large", "db.m6g.xlarge"])),
                    f"Instance class of the {w} database.")
    v_storage = m.var(f"{w}_allocated_storage", "number", str(rng.choice([20, 50, 100, 200])),
                      "Initial storage in GiB.")
    v_repl = m.var(f"{w}_replica_count", "number", str(rng.choice([0, 0, 1, 2])), "Read replicas to create.")
    v_params = m.var(f"{w}_parameters", "map(string)", hv(params), "Database parameters.")
    encrypted = rng.random() < 0.85
    sg = f"[aws_security_group.{ctx.primary_sg}.id]" if ctx.primary_sg else "var.peer_security_group_ids"
    items = header(ctx, f"{engine} database `{w}`")
    items.append(m.resource("aws_db_subnet_group", rn, [
        Attr("name", q(f"${{local.name}}-{w}")),
        Attr("subnet_ids", "var.subnet_ids"),
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_db_parameter_group", rn, [
        Attr("name_prefix", q(f"${{local.name}}-{w}-")),
        Attr("family", q(family)),
        BLANK,
        Block('dynamic "parameter"', [
            Attr("for_each", v_params),
            Block("content", [
                Attr("name", "parameter.key"),
                Attr("value", "parameter.value"),
                Attr("apply_method", q("pending-reboot")),
            ]),
        ]),
        BLANK,
        Block("lifecycle", [Attr("create_before_destroy", "true")]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_db_instance", rn, [
        Attr("count", f"{v_on} ? 1 : 0"),
        BLANK,
        Attr("identifier", q(f"${{local.name}}-{w}")),
        Attr("engine", q(engine)),
        Attr("engine_version", q(version)),
        Attr("instance_class", v_class),
        Attr("allocated_storage", v_storage),
        Attr("max_allocated_storage", f"{v_storage} * 4"),
        Attr("storage_type", q("gp3")),
        Attr("storage_encrypted", hv(encrypted)),
        Attr("kms_key_id", "var.kms_key_arn" if encrypted else "null"),
        Attr("db_subnet_group_name", f"aws_db_subnet_group.{rn}.name"),
        Attr("parameter_group_name", f"aws_db_parameter_group.{rn}.name"),
        Attr("vpc_security_group_ids", sg),
        Attr("username", q(f"{w}_admin")),
        Attr("manage_master_user_password", "true"),
        Attr("multi_az", "local.is_prod"),
        Attr("backup_retention_period", "local.is_prod ? 14 : 1"),
        Attr("deletion_protection", "local.is_prod"),
        Attr("skip_final_snapshot", "!local.is_prod"),
        Attr("final_snapshot_identifier", q(f"${{local.name}}-{w}-final")),
        Attr("publicly_accessible", hv(rng.random() < 0.05)),
        Attr("performance_insights_enabled", "true"),
        Attr("copy_tags_to_snapshot", "true"),
        Attr("auto_minor_version_upgrade", "true"),
        Attr("enabled_cloudwatch_logs_exports", '["postgresql"]' if engine == "postgres" else '["error", "slowquery"]'),
        BLANK,
        Attr("tags", merge_tags({"Name": q(f"${{local.name}}-{w}"), "Engine": q(engine)})),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_db_instance", ctx.rn(w, "_replica"), [
        Attr("count", f"{v_on} ? {v_repl} : 0"),
        BLANK,
        Attr("identifier", q(f"${{local.name}}-{w}-replica-${{count.index + 1}}")),
        Attr("replicate_source_db", f"aws_db_instance.{rn}[0].identifier"),
        Attr("instance_class", v_class),
        Attr("storage_encrypted", hv(encrypted)),
        Attr("vpc_security_group_ids", sg),
        Attr("publicly_accessible", "false"),
        Attr("skip_final_snapshot", "true"),
        Attr("tags", merge_tags({"Name": q(f"${{local.name}}-{w}-replica-${{count.index + 1}}")})),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_metric_alarm", ctx.rn(w, "_cpu"), [
        Attr("count", f"length(aws_db_instance.{rn})"),
        BLANK,
        Attr("alarm_name", q(f"${{local.name}}-{w}-cpu")),
        Attr("comparison_operator", q("GreaterThanThreshold")),
        Attr("evaluation_periods", "3"),
        Attr("metric_name", q("CPUUtilization")),
        Attr("namespace", q("AWS/RDS")),
        Attr("period", "300"),
        Attr("statistic", q("Average")),
        Attr("threshold", "80"),
        Attr("alarm_actions", "compact([var.alarm_topic_arn])"),
        Attr("dimensions", obj(DBInstanceIdentifier=f"aws_db_instance.{rn}[count.index].identifier")),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_metric_alarm", ctx.rn(w, "_storage"), [
        Attr("count", f"length(aws_db_instance.{rn})"),
        BLANK,
        Attr("alarm_name", q(f"${{local.name}}-{w}-free-storage")),
        Attr("comparison_operator", q("LessThanThreshold")),
        Attr("evaluation_periods", "2"),
        Attr("metric_name", q("FreeStorageSpace")),
        Attr("namespace", q("AWS/RDS")),
        Attr("period", "300"),
        Attr("statistic", q("Minimum")),
        Attr("threshold", f"{v_storage} * 1073741824 * 0.1"),
        Attr("alarm_actions", "compact([var.alarm_topic_arn])"),
        Attr("dimensions", obj(DBInstanceIdentifier=f"aws_db_instance.{rn}[count.index].identifier")),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_db_event_subscription", rn, [
        Attr("count", f"{v_on} && var.alarm_topic_arn != null ? 1 : 0"),
        BLANK,
        Attr("name", q(f"${{local.name}}-{w}-events")),
        Attr("sns_topic", "var.alarm_topic_arn"),
        Attr("source_type", q("db-instance")),
        Attr("source_ids", f"concat(aws_db_instance.{rn}[*].identifier, aws_db_instance.{ctx.rn(w, '_replica')}[*].identifier)"),
        Attr("event_categories", '["availability", "failover", "failure", "low storage", "maintenance"]'),
    ]))
    m.output(f"{w}_db_endpoint", f"try(aws_db_instance.{rn}[0].endpoint, null)", f"Endpoint of the {w} database.")
    return items


def user_data_template(ctx, w):
    return (
        "#!/bin/bash\n"
        "set -euo pipefail\n"
        f"# Bootstrap for ${{service}} {w} hosts in ${{environment}}.\n"
        "dnf install -y amazon-cloudwatch-agent\n"
        "%{ for name, value in settings ~}\n"
        "echo \"${name}=${value}\" >> /etc/app.env\n"
        "%{ endfor ~}\n"
        "systemctl enable --now amazon-cloudwatch-agent\n"
    )


def comp_ec2(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    v_count = m.var(f"{w}_instance_count", "number", str(rng.choice([1, 2, 3])), f"Number of {w} instances.")
    v_type = m.var(f"{w}_instance_type", "string", q(rng.choice(["t3.medium", "m6i.large", "c6i.xlarge", "r6i.large"])),
                   f"Instance type of the {w} hosts.")
    v_public = m.var(f"{w}_public", "bool", hv(w == "bastion" or rng.random() < 0.1),
                     f"Give the {w} hosts public addresses.")
    v_data = m.var(f"{w}_data_volume_gb", "number", str(rng.choice([50, 100, 250, 500])), "Data volume size in GiB.")
    imdsv2 = rng.random() < 0.85
    tmpl = f"templates/{w}_user_data.sh.tftpl"
    m.extra_files[tmpl] = user_data_template(ctx, w)
    sg = f"[aws_security_group.{ctx.primary_sg}.id]" if ctx.primary_sg else "var.peer_security_group_ids"
    items = header(ctx, f"EC2 hosts `{w}`")
    items.append(Block(f'data "aws_ami" "{rn}"', [
        Attr("most_recent", "true"),
        Attr("owners", '["amazon"]'),
        BLANK,
        Block("filter", [Attr("name", q("name")), Attr("values", '["al2023-ami-2023.*-x86_64"]')]),
        BLANK,
        Block("filter", [Attr("name", q("virtualization-type")), Attr("values", '["hvm"]')]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_instance", rn, [
        Attr("count", v_count),
        BLANK,
        Attr("ami", f"data.aws_ami.{rn}.id"),
        Attr("instance_type", v_type),
        Attr("subnet_id", f"element({v_public} ? var.public_subnet_ids : var.subnet_ids, count.index)"),
        Attr("vpc_security_group_ids", sg),
        Attr("associate_public_ip_address", v_public),
        Attr("monitoring", "true"),
        Attr("ebs_optimized", "true"),
        Attr("user_data", f'templatefile("${{path.module}}/{tmpl}", {{ service = "{ctx.svc}", environment = var.environment, settings = {{ ROLE = "{w}", INDEX = count.index }} }})'),
        BLANK,
        Block("root_block_device", [
            Attr("volume_type", q("gp3")),
            Attr("volume_size", "30"),
            Attr("encrypted", hv(rng.random() < 0.9)),
        ]),
        BLANK,
        Block("metadata_options", [
            Attr("http_endpoint", q("enabled")),
            Attr("http_tokens", q("required" if imdsv2 else "optional")),
            Attr("http_put_response_hop_limit", "1"),
        ]),
        BLANK,
        Attr("tags", merge_tags({"Name": f'format("%s-{w}-%02d", local.name, count.index + 1)'})),
        BLANK,
        Block("lifecycle", [Attr("ignore_changes", "[ami]")]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_ebs_volume", ctx.rn(w, "_data"), [
        Attr("count", v_count),
        BLANK,
        Attr("availability_zone", f"aws_instance.{rn}[count.index].availability_zone"),
        Attr("size", v_data),
        Attr("type", q(rng.choice(["gp3", "gp3", "gp2", "io2"]))),
        Attr("encrypted", hv(rng.random() < 0.85)),
        Attr("tags", merge_tags({"Name": f'format("%s-{w}-data-%02d", local.name, count.index + 1)'})),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_volume_attachment", ctx.rn(w, "_data"), [
        Attr("count", v_count),
        BLANK,
        Attr("device_name", q("/dev/sdf")),
        Attr("volume_id", f"aws_ebs_volume.{ctx.rn(w, '_data')}[count.index].id"),
        Attr("instance_id", f"aws_instance.{rn}[count.index].id"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_eip", rn, [
        Attr("count", f"{v_public} ? {v_count} : 0"),
        BLANK,
        Attr("instance", f"aws_instance.{rn}[count.index].id"),
        Attr("domain", q("vpc")),
        Attr("tags", merge_tags({"Name": f'format("%s-{w}-%02d", local.name, count.index + 1)'})),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_metric_alarm", ctx.rn(w, "_recover"), [
        Attr("count", v_count),
        BLANK,
        Attr("alarm_name", f'format("%s-{w}-%02d-recover", local.name, count.index + 1)'),
        Attr("alarm_description", q("Recover the instance when the system status check fails")),
        Attr("comparison_operator", q("GreaterThanThreshold")),
        Attr("evaluation_periods", "2"),
        Attr("metric_name", q("StatusCheckFailed_System")),
        Attr("namespace", q("AWS/EC2")),
        Attr("period", "60"),
        Attr("statistic", q("Maximum")),
        Attr("threshold", "0"),
        Attr("alarm_actions", '["arn:${local.partition}:automate:${local.region}:ec2:recover"]'),
        Attr("dimensions", obj(InstanceId=f"aws_instance.{rn}[count.index].id")),
    ]))
    m.output(f"{w}_instance_ids", f"aws_instance.{rn}[*].id", f"IDs of the {w} instances.")
    m.output(f"{w}_private_ips", f"aws_instance.{rn}[*].private_ip", f"Private addresses of the {w} instances.")
    return items


def comp_asg(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    v_type = m.var(f"{w}_instance_types", "list(string)",
                   hv(rng.sample(["m6i.large", "m6a.large", "m5.large", "c6i.large", "c6a.large"], 2)),
                   f"Instance types of the {w} group, in order of preference.")
    v_size = m.var(f"{w}_capacity", "object({ min = number, max = number, desired = number })",
                   hv({"min": 1, "max": rng.choice([4, 6, 10]), "desired": 2}), f"Capacity of the {w} group.")
    v_spot = m.var(f"{w}_spot_percentage", "number", str(rng.choice([0, 50, 70])),
                   "Share of capacity above the base bought on the spot market.")
    sg = f"[aws_security_group.{ctx.primary_sg}.id]" if ctx.primary_sg else "var.peer_security_group_ids"
    items = header(ctx, f"Auto Scaling group `{w}`")
    items.append(Block(f'data "aws_ssm_parameter" "{rn}_ami"', [
        Attr("name", q("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_launch_template", rn, [
        Attr("name_prefix", q(f"${{local.name}}-{w}-")),
        Attr("image_id", f"data.aws_ssm_parameter.{rn}_ami.value"),
        Attr("instance_type", f"{v_type}[0]"),
        Attr("vpc_security_group_ids", sg),
        Attr("update_default_version", "true"),
        BLANK,
        Block("metadata_options", [
            Attr("http_endpoint", q("enabled")),
            Attr("http_tokens", q("required")),
            Attr("instance_metadata_tags", q("enabled")),
        ]),
        BLANK,
        Block("block_device_mappings", [
            Attr("device_name", q("/dev/xvda")),
            BLANK,
            Block("ebs", [
                Attr("volume_size", "40"),
                Attr("volume_type", q("gp3")),
                Attr("encrypted", "true"),
                Attr("delete_on_termination", "true"),
            ]),
        ]),
        BLANK,
        Block("monitoring", [Attr("enabled", "true")]),
        BLANK,
        Block("tag_specifications", [
            Attr("resource_type", q("instance")),
            Attr("tags", merge_tags({"Name": q(f"${{local.name}}-{w}")})),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_autoscaling_group", rn, [
        Attr("name_prefix", q(f"${{local.name}}-{w}-")),
        Attr("min_size", f"{v_size}.min"),
        Attr("max_size", f"{v_size}.max"),
        Attr("desired_capacity", f"{v_size}.desired"),
        Attr("vpc_zone_identifier", "var.subnet_ids"),
        Attr("health_check_type", q("EC2")),
        Attr("health_check_grace_period", "120"),
        Attr("capacity_rebalance", "true"),
        BLANK,
        Block("mixed_instances_policy", [
            Block("instances_distribution", [
                Attr("on_demand_base_capacity", "1"),
                Attr("on_demand_percentage_above_base_capacity", f"100 - {v_spot}"),
                Attr("spot_allocation_strategy", q("price-capacity-optimized")),
            ]),
            BLANK,
            Block("launch_template", [
                Block("launch_template_specification", [
                    Attr("launch_template_id", f"aws_launch_template.{rn}.id"),
                    Attr("version", q("$Latest")),
                ]),
                BLANK,
                Block('dynamic "override"', [
                    Attr("for_each", v_type),
                    Block("content", [Attr("instance_type", "override.value")]),
                ]),
            ]),
        ]),
        BLANK,
        Block("instance_refresh", [
            Attr("strategy", q("Rolling")),
            BLANK,
            Block("preferences", [Attr("min_healthy_percentage", "90")]),
        ]),
        BLANK,
        Block('dynamic "tag"', [
            Attr("for_each", merge_tags({"Name": q(f"${{local.name}}-{w}")})),
            Block("content", [
                Attr("key", "tag.key"),
                Attr("value", "tag.value"),
                Attr("propagate_at_launch", "true"),
            ]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_autoscaling_policy", ctx.rn(w, "_cpu"), [
        Attr("name", q("cpu-target")),
        Attr("autoscaling_group_name", f"aws_autoscaling_group.{rn}.name"),
        Attr("policy_type", q("TargetTrackingScaling")),
        BLANK,
        Block("target_tracking_configuration", [
            Attr("target_value", str(rng.choice([50, 60, 70]))),
            BLANK,
            Block("predefined_metric_specification", [
                Attr("predefined_metric_type", q("ASGAverageCPUUtilization")),
            ]),
        ]),
    ]))
    m.output(f"{w}_asg_name", f"aws_autoscaling_group.{rn}.name", f"Name of the {w} group.")
    return items


def comp_lambda(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    v_mem = m.var(f"{w}_memory_mb", "number", str(rng.choice([128, 256, 512, 1024])), f"Memory of the {w} function.")
    v_ver = m.var(f"{w}_version", "string", q(f"1.{rng.randrange(20)}.{rng.randrange(10)}"),
                  f"Artifact version of the {w} function.")
    v_env = m.var(f"{w}_environment", "map(string)", hv({"FEATURE_FLAGS": "default"}),
                  f"Extra environment of the {w} function.")
    v_sched = m.var(f"{w}_schedule", "string",
                    q(rng.choice(["rate(5 minutes)", "rate(1 hour)", "cron(0 3 * * ? *)"])) if rng.random() < 0.6 else "null",
                    f"Schedule of the {w} function, or null.")
    v_vpc = m.var(f"{w}_in_vpc", "bool", hv(rng.random() < 0.6), f"Run the {w} function inside the VPC.")
    runtime = rng.choice(["python3.12", "python3.11", "nodejs20.x", "python3.8"])
    handler = "app.handler" if runtime.startswith("python") else "index.handler"
    sg = f"[aws_security_group.{ctx.primary_sg}.id]" if ctx.primary_sg else "var.peer_security_group_ids"
    items = header(ctx, f"Lambda function `{w}`")
    items.append(m.resource("aws_cloudwatch_log_group", ctx.rn(w, "_fn"), [
        Attr("name", q(f"/aws/lambda/${{local.name}}-{w}")),
        Attr("retention_in_days", "var.log_retention_days"),
        Attr("kms_key_id", "var.kms_key_arn"),
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_iam_role", ctx.rn(w, "_fn"), [
        Attr("name", q(f"${{local.name}}-{w}-fn")),
        Attr("assume_role_policy", Call("jsonencode", [], obj(
            Version=q("2012-10-17"),
            Statement=lst(obj(
                Effect=q("Allow"),
                Action=q("sts:AssumeRole"),
                Principal=obj(Service=q("lambda.amazonaws.com")),
            )),
        ))),
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_iam_role_policy_attachment", ctx.rn(w, "_fn"), [
        Attr("for_each", Obj([
            Attr("logs", q("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")),
            Attr("vpc", q("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole")),
            Attr("xray", q("arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess")),
        ])),
        BLANK,
        Attr("role", f"aws_iam_role.{ctx.rn(w, '_fn')}.name"),
        Attr("policy_arn", "each.value"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_lambda_function", rn, [
        Attr("function_name", q(f"${{local.name}}-{w}")),
        Attr("description", q(f"{w} handler of {ctx.svc}")),
        Attr("role", f"aws_iam_role.{ctx.rn(w, '_fn')}.arn"),
        Attr("runtime", q(runtime)),
        Attr("handler", q(handler)),
        Attr("s3_bucket", "var.artifact_bucket"),
        Attr("s3_key", q(f"{ctx.svc}/{w}/${{{v_ver}}}.zip")),
        Attr("memory_size", v_mem),
        Attr("timeout", str(rng.choice([10, 30, 60, 300]))),
        Attr("architectures", '["arm64"]'),
        Attr("reserved_concurrent_executions", "local.is_prod ? 50 : 5"),
        BLANK,
        Block("environment", [
            Attr("variables", Call("merge", [v_env], obj(
                SERVICE=q(ctx.svc),
                ENVIRONMENT="var.environment",
                LOG_LEVEL='local.is_prod ? "INFO" : "DEBUG"',
            ))),
        ]),
        BLANK,
        Block("tracing_config", [Attr("mode", q("Active"))]),
        BLANK,
        Block('dynamic "vpc_config"', [
            Attr("for_each", f"{v_vpc} ? [1] : []"),
            Block("content", [
                Attr("subnet_ids", "var.subnet_ids"),
                Attr("security_group_ids", sg),
            ]),
        ]),
        BLANK,
        Attr("tags", "local.common_tags"),
        Attr("depends_on", f"[aws_cloudwatch_log_group.{ctx.rn(w, '_fn')}]"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_event_rule", rn, [
        Attr("count", f"{v_sched} == null ? 0 : 1"),
        BLANK,
        Attr("name", q(f"${{local.name}}-{w}")),
        Attr("schedule_expression", v_sched),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_event_target", rn, [
        Attr("count", f"length(aws_cloudwatch_event_rule.{rn})"),
        BLANK,
        Attr("rule", f"aws_cloudwatch_event_rule.{rn}[count.index].name"),
        Attr("arn", f"aws_lambda_function.{rn}.arn"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_lambda_permission", rn, [
        Attr("count", f"length(aws_cloudwatch_event_rule.{rn})"),
        BLANK,
        Attr("statement_id", q("AllowEventBridge")),
        Attr("action", q("lambda:InvokeFunction")),
        Attr("function_name", f"aws_lambda_function.{rn}.function_name"),
        Attr("principal", q("events.amazonaws.com")),
        Attr("source_arn", f"aws_cloudwatch_event_rule.{rn}[count.index].arn"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_metric_alarm", ctx.rn(w, "_errors"), [
        Attr("alarm_name", q(f"${{local.name}}-{w}-errors")),
        Attr("comparison_operator", q("GreaterThanOrEqualToThreshold")),
        Attr("evaluation_periods", "1"),
        Attr("metric_name", q("Errors")),
        Attr("namespace", q("AWS/Lambda")),
        Attr("period", "300"),
        Attr("statistic", q("Sum")),
        Attr("threshold", str(rng.choice([1, 5, 20]))),
        Attr("treat_missing_data", q("notBreaching")),
        Attr("alarm_actions", "compact([var.alarm_topic_arn])"),
        Attr("dimensions", obj(FunctionName=f"aws_lambda_function.{rn}.function_name")),
    ]))
    m.output(f"{w}_function_arn", f"aws_lambda_function.{rn}.arn", f"ARN of the {w} function.")
    return items


def comp_lambdamod(ctx, w):
    m, rng = ctx.m, ctx.rng
    fns = {}
    for name in rng.sample(["ingest", "transform", "publish", "audit", "expire", "compact"], 3):
        fns[name] = {"memory": rng.choice([128, 256, 512]), "timeout": rng.choice([15, 60, 120]),
                     "schedule": rng.choice(["rate(10 minutes)", "rate(1 day)", None])}
    v = m.var(f"{w}_functions",
              "map(object({ memory = number, timeout = number, schedule = optional(string) }))",
              hv(fns), f"Functions of the {w} group.")
    items = header(ctx, f"Function group `{w}` built from the shared Lambda module")
    items.append(Block(f'module "{w}"', [
        Attr("source", q("../lambda_function")),
        Attr("for_each", v),
        BLANK,
        Attr("function_name", q(f"${{local.name}}-{w}-${{each.key}}")),
        Attr("memory_size", "each.value.memory"),
        Attr("timeout", "each.value.timeout"),
        Attr("schedule", "each.value.schedule"),
        Attr("artifact_bucket", "var.artifact_bucket"),
        Attr("artifact_key", q(f"{ctx.svc}/{w}/${{each.key}}.zip")),
        Attr("log_retention_days", "var.log_retention_days"),
        Attr("kms_key_arn", "var.kms_key_arn"),
        Attr("subnet_ids", "var.subnet_ids"),
        Attr("security_group_ids", f"[aws_security_group.{ctx.primary_sg}.id]" if ctx.primary_sg else "[]"),
        Attr("environment", obj(SERVICE=q(ctx.svc), GROUP=q(w), TASK="each.key")),
        Attr("tags", "local.common_tags"),
    ]))
    m.output(f"{w}_function_arns", f"{{ for k, f in module.{w} : k => f.function_arn }}",
             f"ARNs of the {w} functions.")
    return items


def comp_sqs(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    v_vis = m.var(f"{w}_visibility_timeout", "number", str(rng.choice([30, 60, 300])), "Visibility timeout in seconds.")
    v_retries = m.var(f"{w}_max_receive_count", "number", str(rng.choice([3, 5, 10])), "Receives before a message goes to the DLQ.")
    v_subs = m.var(f"{w}_subscriber_emails", "list(string)", "[]", "E-mail addresses notified of events.")
    sse = rng.random() < 0.8
    items = header(ctx, f"Queue and topic `{w}`")
    items.append(m.resource("aws_sqs_queue", ctx.rn(w, "_dlq"), [
        Attr("name", q(f"${{local.name}}-{w}-dlq")),
        Attr("message_retention_seconds", "1209600"),
        Attr("sqs_managed_sse_enabled", "true"),
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    attrs = [
        Attr("name", q(f"${{local.name}}-{w}")),
        Attr("visibility_timeout_seconds", v_vis),
        Attr("message_retention_seconds", "345600"),
        Attr("receive_wait_time_seconds", "20"),
    ]
    if sse:
        attrs += [Attr("kms_master_key_id", "var.kms_key_arn"),
                  Attr("sqs_managed_sse_enabled", "var.kms_key_arn == null")]
    attrs += [
        Attr("redrive_policy", Call("jsonencode", [], obj(
            deadLetterTargetArn=f"aws_sqs_queue.{ctx.rn(w, '_dlq')}.arn",
            maxReceiveCount=v_retries,
        ))),
        Attr("tags", "local.common_tags"),
    ]
    items.append(m.resource("aws_sqs_queue", rn, attrs))
    items.append(BLANK)
    items.append(m.resource("aws_sns_topic", rn, [
        Attr("name", q(f"${{local.name}}-{w}")),
        Attr("kms_master_key_id", q("alias/aws/sns") if rng.random() < 0.8 else "null"),
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_sns_topic_subscription", rn, [
        Attr("topic_arn", f"aws_sns_topic.{rn}.arn"),
        Attr("protocol", q("sqs")),
        Attr("endpoint", f"aws_sqs_queue.{rn}.arn"),
        Attr("raw_message_delivery", "true"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_sns_topic_subscription", ctx.rn(w, "_email"), [
        Attr("for_each", f"toset({v_subs})"),
        BLANK,
        Attr("topic_arn", f"aws_sns_topic.{rn}.arn"),
        Attr("protocol", q("email")),
        Attr("endpoint", "each.value"),
    ]))
    items.append(BLANK)
    items.append(Block(f'data "aws_iam_policy_document" "{rn}_queue"', [
        Block("statement", [
            Attr("sid", q("AllowTopic")),
            Attr("actions", '["sqs:SendMessage"]'),
            Attr("resources", f"[aws_sqs_queue.{rn}.arn]"),
            BLANK,
            Block("principals", [Attr("type", q("Service")), Attr("identifiers", '["sns.amazonaws.com"]')]),
            BLANK,
            Block("condition", [
                Attr("test", q("ArnEquals")),
                Attr("variable", q("aws:SourceArn")),
                Attr("values", f"[aws_sns_topic.{rn}.arn]"),
            ]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_sqs_queue_policy", rn, [
        Attr("queue_url", f"aws_sqs_queue.{rn}.id"),
        Attr("policy", f"data.aws_iam_policy_document.{rn}_queue.json"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_metric_alarm", ctx.rn(w, "_dlq_depth"), [
        Attr("alarm_name", q(f"${{local.name}}-{w}-dlq-depth")),
        Attr("comparison_operator", q("GreaterThanThreshold")),
        Attr("evaluation_periods", "1"),
        Attr("metric_name", q("ApproximateNumberOfMessagesVisible")),
        Attr("namespace", q("AWS/SQS")),
        Attr("period", "300"),
        Attr("statistic", q("Maximum")),
        Attr("threshold", "0"),
        Attr("alarm_actions", "compact([var.alarm_topic_arn])"),
        Attr("dimensions", obj(QueueName=f"aws_sqs_queue.{ctx.rn(w, '_dlq')}.name")),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_metric_alarm", ctx.rn(w, "_age"), [
        Attr("alarm_name", q(f"${{local.name}}-{w}-oldest-message")),
        Attr("comparison_operator", q("GreaterThanThreshold")),
        Attr("evaluation_periods", "3"),
        Attr("metric_name", q("ApproximateAgeOfOldestMessage")),
        Attr("namespace", q("AWS/SQS")),
        Attr("period", "300"),
        Attr("statistic", q("Maximum")),
        Attr("threshold", f"{v_vis} * 10"),
        Attr("alarm_actions", "compact([var.alarm_topic_arn])"),
        Attr("dimensions", obj(QueueName=f"aws_sqs_queue.{rn}.name")),
    ]))
    m.output(f"{w}_queue_arn", f"aws_sqs_queue.{rn}.arn", f"ARN of the {w} queue.")
    m.output(f"{w}_topic_arn", f"aws_sns_topic.{rn}.arn", f"ARN of the {w} topic.")
    ctx.queue_outputs.append(f"{w}_queue_arn")
    return items


def comp_dynamodb(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    tables = {}
    for name in rng.sample([w, f"{w}_archive", f"{w}_index"], rng.choice([1, 2])):
        billing = rng.choice(["PAY_PER_REQUEST", "PAY_PER_REQUEST", "PROVISIONED"])
        tables[name] = {
            "hash_key": "pk", "range_key": rng.choice(["sk", None]),
            "billing_mode": billing, "read_capacity": 5, "write_capacity": 5,
            "attributes": {"pk": "S", "sk": "S", "gsi1pk": "S"},
            "indexes": {"gsi1": {"hash_key": "gsi1pk", "projection": "ALL"}} if rng.random() < 0.5 else {},
        }
        if tables[name]["range_key"] is None:
            del tables[name]["attributes"]["sk"]
        if not tables[name]["indexes"]:
            del tables[name]["attributes"]["gsi1pk"]
    t = ("map(object({ hash_key = string, range_key = optional(string), billing_mode = string, "
         "read_capacity = number, write_capacity = number, attributes = map(string), "
         "indexes = map(object({ hash_key = string, projection = string })) }))")
    v = m.var(f"{w}_tables", t, hv(tables), f"DynamoDB tables of the {w} store.")
    items = header(ctx, f"DynamoDB tables `{w}`")
    items.append(m.resource("aws_dynamodb_table", rn, [
        Attr("for_each", v),
        BLANK,
        Attr("name", q("${local.name}-${each.key}")),
        Attr("billing_mode", "each.value.billing_mode"),
        Attr("read_capacity", 'each.value.billing_mode == "PROVISIONED" ? each.value.read_capacity : null'),
        Attr("write_capacity", 'each.value.billing_mode == "PROVISIONED" ? each.value.write_capacity : null'),
        Attr("hash_key", "each.value.hash_key"),
        Attr("range_key", "each.value.range_key"),
        Attr("deletion_protection_enabled", "local.is_prod"),
        BLANK,
        Block('dynamic "attribute"', [
            Attr("for_each", "each.value.attributes"),
            Block("content", [Attr("name", "attribute.key"), Attr("type", "attribute.value")]),
        ]),
        BLANK,
        Block('dynamic "global_secondary_index"', [
            Attr("for_each", "each.value.indexes"),
            Block("content", [
                Attr("name", "global_secondary_index.key"),
                Attr("hash_key", "global_secondary_index.value.hash_key"),
                Attr("projection_type", "global_secondary_index.value.projection"),
                Attr("read_capacity", 'each.value.billing_mode == "PROVISIONED" ? each.value.read_capacity : null'),
                Attr("write_capacity", 'each.value.billing_mode == "PROVISIONED" ? each.value.write_capacity : null'),
            ]),
        ]),
        BLANK,
        Block("point_in_time_recovery", [Attr("enabled", "local.is_prod" if rng.random() < 0.7 else "false")]),
        BLANK,
        Block("server_side_encryption", [
            Attr("enabled", "var.kms_key_arn != null"),
            Attr("kms_key_arn", "var.kms_key_arn"),
        ]),
        BLANK,
        Block("ttl", [Attr("attribute_name", q("expires_at")), Attr("enabled", "true")]),
        BLANK,
        Attr("tags", merge_tags({"Table": "each.key"})),
    ]))
    m.output(f"{w}_table_arns", f"{{ for k, t in aws_dynamodb_table.{rn} : k => t.arn }}",
             f"ARNs of the {w} tables.")
    return items


def comp_alarms(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    alarms = {
        "errors": {"metric": "Errors", "namespace": "AWS/Lambda", "statistic": "Sum", "threshold": rng.choice([1, 5, 10]), "periods": 1},
        "throttles": {"metric": "Throttles", "namespace": "AWS/Lambda", "statistic": "Sum", "threshold": 1, "periods": 2},
        "duration": {"metric": "Duration", "namespace": "AWS/Lambda", "statistic": "Average", "threshold": rng.choice([1000, 3000]), "periods": 3},
        "5xx": {"metric": "HTTPCode_Target_5XX_Count", "namespace": "AWS/ApplicationELB", "statistic": "Sum", "threshold": 25, "periods": 2},
        "latency": {"metric": "TargetResponseTime", "namespace": "AWS/ApplicationELB", "statistic": "Average", "threshold": 2, "periods": 5},
    }
    chosen = dict(rng.sample(sorted(alarms.items()), rng.choice([3, 4, 5])))
    v_scale = m.var(f"{w}_threshold_scale", "number", "1", f"Multiplier applied to the {w} alarm thresholds.")
    items = header(ctx, f"CloudWatch alarms `{w}`")
    items.append(Block("locals", [
        Attr(f"{w}_alarms", hv(chosen)),
        BLANK,
        Attr(f"{w}_enabled_alarms", f'{{ for k, a in local.{w}_alarms : k => a if local.is_prod || a.namespace == "AWS/Lambda" }}'),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_metric_alarm", rn, [
        Attr("for_each", f"local.{w}_enabled_alarms"),
        BLANK,
        Attr("alarm_name", q(f"${{local.name}}-{w}-${{each.key}}")),
        Attr("alarm_description", q(f"{w}: ${{each.value.metric}} above threshold")),
        Attr("comparison_operator", q("GreaterThanThreshold")),
        Attr("evaluation_periods", "each.value.periods"),
        Attr("metric_name", "each.value.metric"),
        Attr("namespace", "each.value.namespace"),
        Attr("period", "60"),
        Attr("statistic", "each.value.statistic"),
        Attr("threshold", f"each.value.threshold * {v_scale}"),
        Attr("treat_missing_data", q("notBreaching")),
        Attr("alarm_actions", "compact([var.alarm_topic_arn])"),
        Attr("ok_actions", "compact([var.alarm_topic_arn])"),
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_dashboard", rn, [
        Attr("dashboard_name", q(f"${{local.name}}-{w}")),
        Attr("dashboard_body", Call("jsonencode", [], obj(
            widgets=f'[for i, k in keys(local.{w}_enabled_alarms) : {{ type = "metric", x = (i % 2) * 12, y = floor(i / 2) * 6, width = 12, height = 6, properties = {{ title = k, metrics = [[local.{w}_enabled_alarms[k].namespace, local.{w}_enabled_alarms[k].metric]], period = 60, region = local.region }} }}]',
        ))),
    ]))
    m.output(f"{w}_alarm_arns", f"[for a in aws_cloudwatch_metric_alarm.{rn} : a.arn]", f"ARNs of the {w} alarms.")
    return items


def comp_alb(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    tgs = {}
    for name in rng.sample(["blue", "green", "canary", "api", "web"], 2):
        tgs[name] = {"port": rng.choice([8080, 8443, 3000]), "health_path": rng.choice(["/healthz", "/ready", "/status"]),
                     "weight": rng.choice([0, 10, 90, 100])}
    v_tg = m.var(f"{w}_target_groups", "map(object({ port = number, health_path = string, weight = number }))",
                 hv(tgs), f"Target groups behind the {w} load balancer.")
    v_internal = m.var(f"{w}_internal", "bool", hv(w != "public"), f"Make the {w} load balancer internal.")
    v_paths = m.var(f"{w}_path_routes", "map(object({ priority = number, paths = list(string), target = string }))",
                    hv({"static": {"priority": 10, "paths": ["/static/*"], "target": sorted(tgs)[0]}}),
                    "Path-based routing rules.")
    sg = f"[aws_security_group.{ctx.primary_sg}.id]" if ctx.primary_sg else "var.peer_security_group_ids"
    items = header(ctx, f"Application load balancer `{w}`")
    items.append(m.resource("aws_lb", rn, [
        Attr("name", f'substr("${{local.name}}-{w}", 0, 32)'),
        Attr("internal", v_internal),
        Attr("load_balancer_type", q("application")),
        Attr("security_groups", sg),
        Attr("subnets", f"{v_internal} ? var.subnet_ids : var.public_subnet_ids"),
        Attr("drop_invalid_header_fields", hv(rng.random() < 0.8)),
        Attr("enable_deletion_protection", "local.is_prod"),
        BLANK,
        Block("access_logs", [
            Attr("bucket", 'coalesce(var.access_log_bucket, "unset")'),
            Attr("prefix", q(f"alb/{ctx.svc}/{w}")),
            Attr("enabled", "var.access_log_bucket != null"),
        ]),
        BLANK,
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_lb_target_group", rn, [
        Attr("for_each", v_tg),
        BLANK,
        Attr("name", f'substr("${{local.name}}-{w}-${{each.key}}", 0, 32)'),
        Attr("port", "each.value.port"),
        Attr("protocol", q("HTTP")),
        Attr("vpc_id", "var.vpc_id"),
        Attr("target_type", q("ip")),
        Attr("deregistration_delay", "30"),
        BLANK,
        Block("health_check", [
            Attr("path", "each.value.health_path"),
            Attr("matcher", q("200-399")),
            Attr("interval", "15"),
            Attr("healthy_threshold", "2"),
            Attr("unhealthy_threshold", "3"),
        ]),
        BLANK,
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_lb_listener", ctx.rn(w, "_https"), [
        Attr("count", "var.certificate_arn == null ? 0 : 1"),
        BLANK,
        Attr("load_balancer_arn", f"aws_lb.{rn}.arn"),
        Attr("port", "443"),
        Attr("protocol", q("HTTPS")),
        Attr("ssl_policy", q(rng.choice(["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-2016-08"]))),
        Attr("certificate_arn", "var.certificate_arn"),
        BLANK,
        Block("default_action", [
            Attr("type", q("forward")),
            BLANK,
            Block("forward", [
                Block('dynamic "target_group"', [
                    Attr("for_each", f"aws_lb_target_group.{rn}"),
                    Block("content", [
                        Attr("arn", "target_group.value.arn"),
                        Attr("weight", f"{v_tg}[target_group.key].weight"),
                    ]),
                ]),
                BLANK,
                Block("stickiness", [Attr("enabled", "false"), Attr("duration", "60")]),
            ]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_lb_listener", ctx.rn(w, "_http"), [
        Attr("load_balancer_arn", f"aws_lb.{rn}.arn"),
        Attr("port", "80"),
        Attr("protocol", q("HTTP")),
        BLANK,
        Block("default_action", [
            Attr("type", q("redirect")),
            BLANK,
            Block("redirect", [
                Attr("port", q("443")),
                Attr("protocol", q("HTTPS")),
                Attr("status_code", q("HTTP_301")),
            ]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_lb_listener_rule", rn, [
        Attr("for_each", "var.certificate_arn == null ? {} : " + v_paths),
        BLANK,
        Attr("listener_arn", f"aws_lb_listener.{ctx.rn(w, '_https')}[0].arn"),
        Attr("priority", "each.value.priority"),
        BLANK,
        Block("action", [
            Attr("type", q("forward")),
            Attr("target_group_arn", f"aws_lb_target_group.{rn}[each.value.target].arn"),
        ]),
        BLANK,
        Block("condition", [
            Block("path_pattern", [Attr("values", "each.value.paths")]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_metric_alarm", ctx.rn(w, "_5xx"), [
        Attr("alarm_name", q(f"${{local.name}}-{w}-elb-5xx")),
        Attr("comparison_operator", q("GreaterThanThreshold")),
        Attr("evaluation_periods", "2"),
        Attr("metric_name", q("HTTPCode_ELB_5XX_Count")),
        Attr("namespace", q("AWS/ApplicationELB")),
        Attr("period", "60"),
        Attr("statistic", q("Sum")),
        Attr("threshold", str(rng.choice([10, 50]))),
        Attr("treat_missing_data", q("notBreaching")),
        Attr("alarm_actions", "compact([var.alarm_topic_arn])"),
        Attr("dimensions", obj(LoadBalancer=f"aws_lb.{rn}.arn_suffix")),
    ]))
    m.output(f"{w}_lb_dns_name", f"aws_lb.{rn}.dns_name", f"DNS name of the {w} load balancer.")
    m.output(f"{w}_target_group_arns", f"{{ for k, tg in aws_lb_target_group.{rn} : k => tg.arn }}",
             f"Target groups of the {w} load balancer.")
    return items


def comp_kms(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    v_admins = m.var(f"{w}_key_admin_arns", "list(string)", "[]", f"Administrators of the {w} key.")
    items = header(ctx, f"KMS key `{w}`")
    items.append(Block(f'data "aws_iam_policy_document" "{rn}_key"', [
        Block("statement", [
            Attr("sid", q("RootAccess")),
            Attr("actions", '["kms:*"]'),
            Attr("resources", '["*"]'),
            BLANK,
            Block("principals", [
                Attr("type", q("AWS")),
                Attr("identifiers", '["arn:${local.partition}:iam::${local.account_id}:root"]'),
            ]),
        ]),
        BLANK,
        Block('dynamic "statement"', [
            Attr("for_each", f"length({v_admins}) > 0 ? [{v_admins}] : []"),
            Block("content", [
                Attr("sid", q("KeyAdministrators")),
                Attr("actions", '["kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:ScheduleKeyDeletion"]'),
                Attr("resources", '["*"]'),
                BLANK,
                Block("principals", [Attr("type", q("AWS")), Attr("identifiers", "statement.value")]),
            ]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_kms_key", rn, [
        Attr("description", q(f"{ctx.svc} {w} key")),
        Attr("deletion_window_in_days", "local.is_prod ? 30 : 7"),
        Attr("enable_key_rotation", hv(rng.random() < 0.8)),
        Attr("multi_region", "false"),
        Attr("policy", f"data.aws_iam_policy_document.{rn}_key.json"),
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_kms_alias", rn, [
        Attr("name", q(f"alias/${{local.name}}-{w}")),
        Attr("target_key_id", f"aws_kms_key.{rn}.key_id"),
    ]))
    m.output(f"{w}_key_arn", f"aws_kms_key.{rn}.arn", f"ARN of the {w} key.")
    return items


def comp_secrets(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    v_user = m.var(f"{w}_username", "string", q(f"{ctx.svc}_{w}"), f"User name stored in the {w} secret.")
    v_pw = m.var(f"{w}_password", "string", MISSING if rng.random() < 0.5 else "null",
                 f"Initial password stored in the {w} secret.", sensitive=True)
    v_rot = m.var(f"{w}_rotation_lambda_arn", "string", "null", f"Rotation function of the {w} secret.")
    items = header(ctx, f"Secret `{w}`")
    items.append(m.resource("aws_secretsmanager_secret", rn, [
        Attr("name", q(f"${{local.name}}/{w}")),
        Attr("description", q(f"{w} of {ctx.svc}")),
        Attr("kms_key_id", "var.kms_key_arn"),
        Attr("recovery_window_in_days", "local.is_prod ? 30 : 0"),
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_secretsmanager_secret_version", rn, [
        Attr("count", f"{v_pw} == null ? 0 : 1"),
        BLANK,
        Attr("secret_id", f"aws_secretsmanager_secret.{rn}.id"),
        Attr("secret_string", f"jsonencode({{ username = {v_user}, password = {v_pw} }})"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_secretsmanager_secret_rotation", rn, [
        Attr("count", f"{v_rot} == null ? 0 : 1"),
        BLANK,
        Attr("secret_id", f"aws_secretsmanager_secret.{rn}.id"),
        Attr("rotation_lambda_arn", v_rot),
        BLANK,
        Block("rotation_rules", [Attr("automatically_after_days", "30")]),
    ]))
    v_readers = m.var(f"{w}_reader_role_arns", "list(string)", "[]", f"Roles allowed to read the {w} secret.")
    items.append(BLANK)
    items.append(Block(f'data "aws_iam_policy_document" "{rn}_secret"', [
        Block("statement", [
            Attr("sid", q("DenyOtherAccounts")),
            Attr("effect", q("Deny")),
            Attr("actions", '["secretsmanager:*"]'),
            Attr("resources", '["*"]'),
            BLANK,
            Block("principals", [Attr("type", q("AWS")), Attr("identifiers", '["*"]')]),
            BLANK,
            Block("condition", [
                Attr("test", q("StringNotEquals")),
                Attr("variable", q("aws:PrincipalAccount")),
                Attr("values", "[local.account_id]"),
            ]),
        ]),
        BLANK,
        Block('dynamic "statement"', [
            Attr("for_each", f"length({v_readers}) > 0 ? [{v_readers}] : []"),
            Block("content", [
                Attr("sid", q("Readers")),
                Attr("actions", '["secretsmanager:GetSecretValue"]'),
                Attr("resources", '["*"]'),
                BLANK,
                Block("principals", [Attr("type", q("AWS")), Attr("identifiers", "statement.value")]),
            ]),
        ]),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_secretsmanager_secret_policy", rn, [
        Attr("secret_arn", f"aws_secretsmanager_secret.{rn}.arn"),
        Attr("policy", f"data.aws_iam_policy_document.{rn}_secret.json"),
    ]))
    m.output(f"{w}_secret_arn", f"aws_secretsmanager_secret.{rn}.arn", f"ARN of the {w} secret.")
    return items


def comp_cache(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    v_node = m.var(f"{w}_node_type", "string", q(rng.choice(["cache.t4g.small", "cache.r7g.large", "cache.m7g.large"])),
                   f"Node type of the {w} cluster.")
    v_nodes = m.var(f"{w}_nodes", "number", "null", f"Number of {w} nodes; null picks by environment.")
    sg = f"[aws_security_group.{ctx.primary_sg}.id]" if ctx.primary_sg else "var.peer_security_group_ids"
    items = header(ctx, f"ElastiCache (Redis) `{w}`")
    items.append(m.resource("aws_elasticache_subnet_group", rn, [
        Attr("name", q(f"${{local.name}}-{w}")),
        Attr("subnet_ids", "var.subnet_ids"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_elasticache_replication_group", rn, [
        Attr("replication_group_id", f'substr("${{local.name}}-{w}", 0, 40)'),
        Attr("description", q(f"{w} for {ctx.svc}")),
        Attr("engine", q("redis")),
        Attr("engine_version", q("7.1")),
        Attr("node_type", v_node),
        Attr("num_cache_clusters", f"coalesce({v_nodes}, local.is_prod ? 3 : 1)"),
        Attr("automatic_failover_enabled", f"coalesce({v_nodes}, local.is_prod ? 3 : 1) > 1"),
        Attr("subnet_group_name", f"aws_elasticache_subnet_group.{rn}.name"),
        Attr("security_group_ids", sg),
        Attr("at_rest_encryption_enabled", hv(rng.random() < 0.85)),
        Attr("transit_encryption_enabled", hv(rng.random() < 0.8)),
        Attr("kms_key_id", "var.kms_key_arn"),
        Attr("snapshot_retention_limit", "local.is_prod ? 7 : 0"),
        Attr("apply_immediately", "!local.is_prod"),
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_metric_alarm", ctx.rn(w, "_memory"), [
        Attr("alarm_name", q(f"${{local.name}}-{w}-memory")),
        Attr("comparison_operator", q("GreaterThanThreshold")),
        Attr("evaluation_periods", "3"),
        Attr("metric_name", q("DatabaseMemoryUsagePercentage")),
        Attr("namespace", q("AWS/ElastiCache")),
        Attr("period", "300"),
        Attr("statistic", q("Average")),
        Attr("threshold", "85"),
        Attr("alarm_actions", "compact([var.alarm_topic_arn])"),
        Attr("dimensions", obj(ReplicationGroupId=f"aws_elasticache_replication_group.{rn}.id")),
    ]))
    m.output(f"{w}_primary_endpoint", f"aws_elasticache_replication_group.{rn}.primary_endpoint_address",
             f"Primary endpoint of the {w} cluster.")
    return items


def comp_ecr(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    repos = sorted(rng.sample(["api", "worker", "migrate", "cron", "ui", "proxy"], rng.choice([2, 3])))
    v = m.var(f"{w}_repositories", "set(string)", hv(repos), f"Repositories of the {w} registry.")
    v_keep = m.var(f"{w}_keep_images", "number", str(rng.choice([10, 30, 100])), "Tagged images kept per repository.")
    items = header(ctx, f"Container registry `{w}`")
    items.append(m.resource("aws_ecr_repository", rn, [
        Attr("for_each", v),
        BLANK,
        Attr("name", q(f"{ctx.svc}/${{each.value}}")),
        Attr("image_tag_mutability", q(rng.choice(["IMMUTABLE", "IMMUTABLE", "MUTABLE"]))),
        Attr("force_delete", "!local.is_prod"),
        BLANK,
        Block("image_scanning_configuration", [Attr("scan_on_push", hv(rng.random() < 0.85))]),
        BLANK,
        Block("encryption_configuration", [
            Attr("encryption_type", 'var.kms_key_arn == null ? "AES256" : "KMS"'),
            Attr("kms_key", "var.kms_key_arn"),
        ]),
        BLANK,
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_ecr_lifecycle_policy", rn, [
        Attr("for_each", f"aws_ecr_repository.{rn}"),
        BLANK,
        Attr("repository", "each.value.name"),
        Attr("policy", Call("jsonencode", [], obj(rules=Lst([
            obj(rulePriority="1", description=q("Expire untagged images"),
                selection=obj(tagStatus=q("untagged"), countType=q("sinceImagePushed"),
                              countUnit=q("days"), countNumber="7"),
                action=obj(type=q("expire"))),
            obj(rulePriority="2", description=q("Keep recent tagged images"),
                selection=obj(tagStatus=q("tagged"), tagPrefixList='["v"]',
                              countType=q("imageCountMoreThan"), countNumber=v_keep),
                action=obj(type=q("expire"))),
        ])))),
    ]))
    v_pull = m.var(f"{w}_pull_account_ids", "list(string)", hv(sorted(str(rng.randrange(10**11, 10**12)) for _ in range(rng.choice([0, 1, 2])))),
                   f"Other accounts allowed to pull from the {w} registry.")
    items.append(BLANK)
    items.append(m.resource("aws_ecr_repository_policy", rn, [
        Attr("for_each", f"length({v_pull}) > 0 ? aws_ecr_repository.{rn} : {{}}"),
        BLANK,
        Attr("repository", "each.value.name"),
        Attr("policy", Call("jsonencode", [], obj(
            Version=q("2012-10-17"),
            Statement=lst(obj(
                Sid=q("CrossAccountPull"),
                Effect=q("Allow"),
                Principal=f'{{ AWS = [for id in {v_pull} : "arn:${{local.partition}}:iam::${{id}}:root"] }}',
                Action='["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]',
            )),
        ))),
    ]))
    m.output(f"{w}_repository_urls", f"{{ for k, r in aws_ecr_repository.{rn} : k => r.repository_url }}",
             f"URLs of the {w} repositories.")
    return items


def comp_ecs(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    v_cpu = m.var(f"{w}_cpu", "number", str(rng.choice([256, 512, 1024])), f"CPU units of the {w} task.")
    v_mem = m.var(f"{w}_memory", "number", str(rng.choice([512, 1024, 2048])), f"Memory of the {w} task in MiB.")
    v_count = m.var(f"{w}_desired_count", "number", str(rng.choice([1, 2, 3])), f"Running {w} tasks.")
    v_image = m.var(f"{w}_image", "string", q(f"public.ecr.aws/docker/library/nginx:1.{rng.randrange(21, 27)}"),
                    f"Container image of the {w} task.")
    v_lb = m.var(f"{w}_target_group_arn", "string", "null", f"Target group the {w} service registers with.")
    v_env = m.var(f"{w}_environment", "map(string)", hv({"PORT": "8080", "WORKERS": str(rng.choice([2, 4]))}),
                  f"Environment of the {w} container.")
    sg = f"[aws_security_group.{ctx.primary_sg}.id]" if ctx.primary_sg else "var.peer_security_group_ids"
    items = header(ctx, f"ECS service `{w}`")
    items.append(m.resource("aws_ecs_cluster", rn, [
        Attr("name", q(f"${{local.name}}-{w}")),
        BLANK,
        Block("setting", [Attr("name", q("containerInsights")), Attr("value", 'local.is_prod ? "enabled" : "disabled"')]),
        BLANK,
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_cloudwatch_log_group", ctx.rn(w, "_task"), [
        Attr("name", q(f"/ecs/${{local.name}}/{w}")),
        Attr("retention_in_days", "var.log_retention_days"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_ecs_task_definition", rn, [
        Attr("family", q(f"${{local.name}}-{w}")),
        Attr("requires_compatibilities", '["FARGATE"]'),
        Attr("network_mode", q("awsvpc")),
        Attr("cpu", v_cpu),
        Attr("memory", v_mem),
        Attr("execution_role_arn", f"aws_iam_role.{ctx.primary_role}.arn" if ctx.primary_role else "null"),
        BLANK,
        Attr("container_definitions", Call("jsonencode", [], Lst([obj(
            name=q(w),
            image=v_image,
            essential="true",
            readonlyRootFilesystem=hv(rng.random() < 0.6),
            privileged="false",
            portMappings="[{ containerPort = 8080, protocol = \"tcp\" }]",
            environment=f"[for k, v in {v_env} : {{ name = k, value = v }}]",
            logConfiguration=obj(
                logDriver=q("awslogs"),
                options=Obj([
                    Attr('"awslogs-group"', f"aws_cloudwatch_log_group.{ctx.rn(w, '_task')}.name"),
                    Attr('"awslogs-region"', "local.region"),
                    Attr('"awslogs-stream-prefix"', q(w)),
                ]),
            ),
        )]))),
        BLANK,
        Block("runtime_platform", [
            Attr("operating_system_family", q("LINUX")),
            Attr("cpu_architecture", q(rng.choice(["X86_64", "ARM64"]))),
        ]),
        BLANK,
        Attr("tags", "local.common_tags"),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_ecs_service", rn, [
        Attr("name", q(w)),
        Attr("cluster", f"aws_ecs_cluster.{rn}.id"),
        Attr("task_definition", f"aws_ecs_task_definition.{rn}.arn"),
        Attr("desired_count", v_count),
        Attr("launch_type", q("FARGATE")),
        Attr("enable_execute_command", "!local.is_prod"),
        Attr("propagate_tags", q("SERVICE")),
        BLANK,
        Block("network_configuration", [
            Attr("subnets", "var.subnet_ids"),
            Attr("security_groups", sg),
            Attr("assign_public_ip", "false"),
        ]),
        BLANK,
        Block('dynamic "load_balancer"', [
            Attr("for_each", f"{v_lb} == null ? [] : [{v_lb}]"),
            Block("content", [
                Attr("target_group_arn", "load_balancer.value"),
                Attr("container_name", q(w)),
                Attr("container_port", "8080"),
            ]),
        ]),
        BLANK,
        Block("deployment_circuit_breaker", [Attr("enable", "true"), Attr("rollback", "true")]),
        BLANK,
        Attr("tags", "local.common_tags"),
    ]))
    v_max = m.var(f"{w}_max_count", "number", str(rng.choice([4, 8, 12])), f"Most {w} tasks autoscaling may run.")
    items.append(BLANK)
    items.append(m.resource("aws_appautoscaling_target", rn, [
        Attr("service_namespace", q("ecs")),
        Attr("resource_id", q(f"service/${{aws_ecs_cluster.{rn}.name}}/${{aws_ecs_service.{rn}.name}}")),
        Attr("scalable_dimension", q("ecs:service:DesiredCount")),
        Attr("min_capacity", v_count),
        Attr("max_capacity", v_max),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_appautoscaling_policy", ctx.rn(w, "_cpu"), [
        Attr("name", q(f"${{local.name}}-{w}-cpu")),
        Attr("policy_type", q("TargetTrackingScaling")),
        Attr("service_namespace", f"aws_appautoscaling_target.{rn}.service_namespace"),
        Attr("resource_id", f"aws_appautoscaling_target.{rn}.resource_id"),
        Attr("scalable_dimension", f"aws_appautoscaling_target.{rn}.scalable_dimension"),
        BLANK,
        Block("target_tracking_scaling_policy_configuration", [
            Attr("target_value", str(rng.choice([50, 60, 75]))),
            Attr("scale_in_cooldown", "300"),
            Attr("scale_out_cooldown", "60"),
            BLANK,
            Block("predefined_metric_specification", [
                Attr("predefined_metric_type", q("ECSServiceAverageCPUUtilization")),
            ]),
        ]),
    ]))
    m.output(f"{w}_service_name", f"aws_ecs_service.{rn}.name", f"Name of the {w} ECS service.")
    return items


def comp_efs(ctx, w):
    m, rng, rn = ctx.m, ctx.rng, ctx.rn(w)
    v_mode = m.var(f"{w}_throughput_mode", "string", q(rng.choice(["bursting", "elastic"])),
                   f"Throughput mode of the {w} file system.")
    sg = f"[aws_security_group.{ctx.primary_sg}.id]" if ctx.primary_sg else "var.peer_security_group_ids"
    items = header(ctx, f"EFS file system `{w}`")
    items.append(m.resource("aws_efs_file_system", rn, [
        Attr("creation_token", q(f"${{local.name}}-{w}")),
        Attr("encrypted", hv(rng.random() < 0.85)),
        Attr("kms_key_id", "var.kms_key_arn"),
        Attr("throughput_mode", v_mode),
        BLANK,
        Block("lifecycle_policy", [Attr("transition_to_ia", q("AFTER_30_DAYS"))]),
        BLANK,
        Attr("tags", merge_tags({"Name": q(f"${{local.name}}-{w}")})),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_efs_mount_target", rn, [
        Attr("count", "length(var.subnet_ids)"),
        BLANK,
        Attr("file_system_id", f"aws_efs_file_system.{rn}.id"),
        Attr("subnet_id", "var.subnet_ids[count.index]"),
        Attr("security_groups", sg),
    ]))
    items.append(BLANK)
    items.append(m.resource("aws_efs_backup_policy", rn, [
        Attr("file_system_id", f"aws_efs_file_system.{rn}.id"),
        BLANK,
        Block("backup_policy", [Attr("status", 'local.is_prod ? "ENABLED" : "DISABLED"')]),
    ]))
    m.output(f"{w}_file_system_id", f"aws_efs_file_system.{rn}.id", f"ID of the {w} file system.")
    return items


COMPONENTS = {
    "s3": comp_s3, "sg": comp_sg, "iam": comp_iam, "rds": comp_rds, "ec2": comp_ec2, "asg": comp_asg,
    "lambda": comp_lambda, "sqs": comp_sqs, "dynamodb": comp_dynamodb, "alarms": comp_alarms,
    "alb": comp_alb, "kms": comp_kms, "secrets": comp_secrets, "cache": comp_cache, "ecr": comp_ecr,
    "ecs": comp_ecs, "efs": comp_efs, "bucketmod": comp_bucketmod, "lambdamod": comp_lambdamod,
}


# ---------------------------------------------------------------------------
# Service modules
# ---------------------------------------------------------------------------

SERVICES = [
    "orders", "billing", "catalog", "checkout", "inventory", "shipping", "payments", "notifications",
    "search", "recommendations", "analytics", "reporting", "identity", "accounts", "pricing", "reviews",
    "media", "ingest", "warehouse", "audit", "compliance", "backup", "logging", "gateway", "frontend",
    "partners", "ledger", "fraud", "support", "crm", "marketing", "loyalty", "geo", "messaging",
    "scheduler", "exports", "imports", "returns", "tax", "quotes", "subscriptions", "webhooks",
]


@dataclass
class ServiceInfo:
    name: str
    mode: str  # "single", "for_each" or "count"
    sg_outputs: list
    queue_outputs: list
    required_vars: list  # required component variables (sensitive passwords)


def service_base(m, svc):
    m.var("name_prefix", "string", description="Prefix of every resource name.")
    m.var("environment", "string", description="Deployment environment.",
          validation=('contains(["dev", "staging", "prod"], var.environment)',
                      "environment must be dev, staging or prod."))
    m.var("tags", "map(string)", "{}", "Tags added to every resource.")
    m.var("vpc_id", "string", description="VPC the service runs in.")
    m.var("subnet_ids", "list(string)", description="Private subnets of the service.")
    m.var("public_subnet_ids", "list(string)", "[]", "Public subnets, for internet-facing resources.")
    m.var("kms_key_arn", "string", "null", "Customer managed key for encryption at rest, or null for AWS keys.")
    m.var("alarm_topic_arn", "string", "null", "SNS topic that receives alarms.")
    m.var("log_retention_days", "number", "30", "Retention of CloudWatch log groups.")
    m.var("access_log_bucket", "string", "null", "Bucket that receives access logs.")
    m.var("artifact_bucket", "string", "null", "Bucket holding deployment artifacts.")
    m.var("certificate_arn", "string", "null", "ACM certificate for HTTPS listeners.")
    m.var("peer_security_group_ids", "list(string)", "[]", "Security groups of services that call this one.")
    m.var("upstream_queue_arns", "list(string)", "[]", "Queues of other services this one consumes.")
    m.add_file("versions.tf", versions_file())
    m.add_file("data.tf", [
        Block('data "aws_caller_identity" "current"', []),
        BLANK,
        Block('data "aws_region" "current"', []),
        BLANK,
        Block('data "aws_partition" "current"', []),
    ])
    m.add_file("locals.tf", [Block("locals", [
        Attr("name", q(f"${{var.name_prefix}}-${{var.environment}}-{svc}")),
        Attr("account_id", "data.aws_caller_identity.current.account_id"),
        Attr("region", "data.aws_region.current.name"),
        Attr("partition", "data.aws_partition.current.partition"),
        Attr("is_prod", 'var.environment == "prod"'),
        BLANK,
        Attr("common_tags", Call("merge", ["var.tags"], obj(
            Service=q(svc),
            Environment="var.environment",
            ManagedBy=q("terraform"),
        ))),
    ])])


def build_service(svc, n_components, registry, rng):
    m = ModuleBuilder(f"modules/{svc}", registry)
    ctx = Ctx(svc=svc, rng=rng, m=m, used_words=set())
    service_base(m, svc)
    kinds = ["sg", "iam"]
    names, weights = zip(*KIND_WEIGHTS)
    while len(kinds) < n_components:
        kinds.append(rng.choices(names, weights)[0])
    for kind in kinds:
        w = ctx.word(kind)
        items = COMPONENTS[kind](ctx, w)
        m.add_file(f"{kind}_{w}.tf", items)
    m.output("name", "local.name", "Name prefix of the service's resources.")
    m.finish()
    required = [v.name for v in m.variables.values()
                if v.default is MISSING and v.name not in
                ("name_prefix", "environment", "vpc_id", "subnet_ids")]
    mode = "single"
    return m, ServiceInfo(svc, mode, ctx.sg_outputs, ctx.queue_outputs, required)


# ---------------------------------------------------------------------------
# Shared building-block modules
# ---------------------------------------------------------------------------

def build_s3_bucket(registry):
    m = ModuleBuilder("modules/s3_bucket", registry)
    m.var("name", "string", description="Bucket name.")
    m.var("versioning", "bool", "true", "Keep object versions.")
    m.var("object_lock", "bool", "false", "Enable S3 Object Lock (set at creation).")
    m.var("kms_key_arn", "string", "null", "KMS key, or null for SSE-S3.")
    m.var("access_log_bucket", "string", "null", "Bucket that receives server access logs.")
    m.var("lifecycle_rules", lifecycle_rule_type(), "[]", "Lifecycle rules.")
    m.var("read_principal_arns", "list(string)", "[]", "Principals allowed to read objects.")
    m.var("force_destroy", "bool", "false", "Allow deleting a non-empty bucket.")
    m.var("tags", "map(string)", "{}", "Tags of the bucket.")
    m.add_file("versions.tf", versions_file())
    m.add_file("main.tf", [
        m.resource("aws_s3_bucket", "bucket", [
            Attr("bucket", "var.name"),
            Attr("force_destroy", "var.force_destroy"),
            Attr("object_lock_enabled", "var.object_lock"),
            Attr("tags", "var.tags"),
        ]),
        BLANK,
        m.resource("aws_s3_bucket_ownership_controls", "bucket", [
            Attr("bucket", "aws_s3_bucket.bucket.id"),
            BLANK,
            Block("rule", [Attr("object_ownership", q("BucketOwnerEnforced"))]),
        ]),
        BLANK,
        m.resource("aws_s3_bucket_public_access_block", "bucket", [
            Attr("bucket", "aws_s3_bucket.bucket.id"),
            Attr("block_public_acls", "true"),
            Attr("block_public_policy", "true"),
            Attr("ignore_public_acls", "true"),
            Attr("restrict_public_buckets", "true"),
        ]),
        BLANK,
        m.resource("aws_s3_bucket_versioning", "bucket", [
            Attr("bucket", "aws_s3_bucket.bucket.id"),
            BLANK,
            Block("versioning_configuration", [
                Attr("status", 'var.versioning || var.object_lock ? "Enabled" : "Suspended"'),
            ]),
        ]),
    ])
    m.add_file("encryption.tf", [
        m.resource("aws_s3_bucket_server_side_encryption_configuration", "bucket", [
            Attr("bucket", "aws_s3_bucket.bucket.id"),
            BLANK,
            Block("rule", [
                Block("apply_server_side_encryption_by_default", [
                    Attr("sse_algorithm", 'var.kms_key_arn == null ? "AES256" : "aws:kms:dsse"'),
                    Attr("kms_master_key_id", "var.kms_key_arn"),
                ]),
            ]),
        ]),
        BLANK,
        m.resource("aws_s3_bucket_object_lock_configuration", "bucket", [
            Attr("count", "var.object_lock ? 1 : 0"),
            BLANK,
            Attr("bucket", "aws_s3_bucket.bucket.id"),
            BLANK,
            Block("rule", [Block("default_retention", [Attr("mode", q("GOVERNANCE")), Attr("days", "30")])]),
        ]),
    ])
    m.add_file("lifecycle.tf", [
        m.resource("aws_s3_bucket_lifecycle_configuration", "bucket", [
            Attr("count", "length(var.lifecycle_rules) > 0 ? 1 : 0"),
            Attr("bucket", "aws_s3_bucket.bucket.id"),
            BLANK,
            Block('dynamic "rule"', [
                Attr("for_each", "var.lifecycle_rules"),
                Block("content", [
                    Attr("id", "rule.value.id"),
                    Attr("status", q("Enabled")),
                    BLANK,
                    Block("filter", [Attr("prefix", "rule.value.prefix")]),
                    BLANK,
                    Block('dynamic "transition"', [
                        Attr("for_each", "rule.value.transitions"),
                        Block("content", [
                            Attr("days", "transition.value.days"),
                            Attr("storage_class", "transition.value.storage_class"),
                        ]),
                    ]),
                    BLANK,
                    Block('dynamic "expiration"', [
                        Attr("for_each", "rule.value.expiration_days == null ? [] : [rule.value.expiration_days]"),
                        Block("content", [Attr("days", "expiration.value")]),
                    ]),
                ]),
            ]),
        ]),
    ])
    m.add_file("logging.tf", [
        m.resource("aws_s3_bucket_logging", "bucket", [
            Attr("count", "var.access_log_bucket == null ? 0 : 1"),
            BLANK,
            Attr("bucket", "aws_s3_bucket.bucket.id"),
            Attr("target_bucket", "var.access_log_bucket"),
            Attr("target_prefix", q("s3/${var.name}/")),
        ]),
    ])
    m.add_file("policy.tf", [
        Block('data "aws_iam_policy_document" "bucket"', [
            Block("statement", [
                Attr("sid", q("DenyInsecureTransport")),
                Attr("effect", q("Deny")),
                Attr("actions", '["s3:*"]'),
                Attr("resources", '[aws_s3_bucket.bucket.arn, "${aws_s3_bucket.bucket.arn}/*"]'),
                BLANK,
                Block("principals", [Attr("type", q("*")), Attr("identifiers", '["*"]')]),
                BLANK,
                Block("condition", [
                    Attr("test", q("Bool")),
                    Attr("variable", q("aws:SecureTransport")),
                    Attr("values", '["false"]'),
                ]),
            ]),
            BLANK,
            Block('dynamic "statement"', [
                Attr("for_each", "length(var.read_principal_arns) > 0 ? [var.read_principal_arns] : []"),
                Block("content", [
                    Attr("sid", q("Readers")),
                    Attr("actions", '["s3:GetObject"]'),
                    Attr("resources", '["${aws_s3_bucket.bucket.arn}/*"]'),
                    BLANK,
                    Block("principals", [Attr("type", q("AWS")), Attr("identifiers", "statement.value")]),
                ]),
            ]),
        ]),
        BLANK,
        m.resource("aws_s3_bucket_policy", "bucket", [
            Attr("bucket", "aws_s3_bucket.bucket.id"),
            Attr("policy", "data.aws_iam_policy_document.bucket.json"),
        ]),
    ])
    m.output("arn", "aws_s3_bucket.bucket.arn", "ARN of the bucket.")
    m.output("id", "aws_s3_bucket.bucket.id", "Name of the bucket.")
    m.output("regional_domain_name", "aws_s3_bucket.bucket.bucket_regional_domain_name", "Regional endpoint.")
    m.finish()
    return m


def build_lambda_function(registry):
    m = ModuleBuilder("modules/lambda_function", registry)
    m.var("function_name", "string", description="Name of the function.")
    m.var("runtime", "string", q("python3.12"), "Runtime.")
    m.var("handler", "string", q("app.handler"), "Entry point.")
    m.var("memory_size", "number", "256", "Memory in MB.")
    m.var("timeout", "number", "30", "Timeout in seconds.")
    m.var("schedule", "string", "null", "EventBridge schedule expression, or null.")
    m.var("artifact_bucket", "string", description="Bucket holding the deployment package.")
    m.var("artifact_key", "string", description="Key of the deployment package.")
    m.var("environment", "map(string)", "{}", "Environment variables.")
    m.var("log_retention_days", "number", "30", "Log retention.")
    m.var("kms_key_arn", "string", "null", "Key for logs and environment encryption.")
    m.var("subnet_ids", "list(string)", "[]", "Subnets for VPC access; empty for none.")
    m.var("security_group_ids", "list(string)", "[]", "Security groups for VPC access.")
    m.var("tags", "map(string)", "{}", "Tags.")
    m.add_file("versions.tf", versions_file())
    m.add_file("logs.tf", [
        m.resource("aws_cloudwatch_log_group", "function", [
            Attr("name", q("/aws/lambda/${var.function_name}")),
            Attr("retention_in_days", "var.log_retention_days"),
            Attr("kms_key_id", "var.kms_key_arn"),
            Attr("tags", "var.tags"),
        ]),
    ])
    m.add_file("iam.tf", [
        Block('data "aws_iam_policy_document" "function_assume"', [
            Block("statement", [
                Attr("actions", '["sts:AssumeRole"]'),
                BLANK,
                Block("principals", [Attr("type", q("Service")), Attr("identifiers", '["lambda.amazonaws.com"]')]),
            ]),
        ]),
        BLANK,
        m.resource("aws_iam_role", "function", [
            Attr("name", 'substr("${var.function_name}-role", 0, 64)'),
            Attr("assume_role_policy", "data.aws_iam_policy_document.function_assume.json"),
            Attr("tags", "var.tags"),
        ]),
        BLANK,
        m.resource("aws_iam_role_policy_attachment", "function", [
            Attr("for_each", Obj([
                Attr("basic", q("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")),
                Attr("vpc", q("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole")),
            ])),
            BLANK,
            Attr("role", "aws_iam_role.function.name"),
            Attr("policy_arn", "each.value"),
        ]),
    ])
    m.add_file("main.tf", [
        m.resource("aws_lambda_function", "function", [
            Attr("function_name", "var.function_name"),
            Attr("role", "aws_iam_role.function.arn"),
            Attr("runtime", "var.runtime"),
            Attr("handler", "var.handler"),
            Attr("s3_bucket", "var.artifact_bucket"),
            Attr("s3_key", "var.artifact_key"),
            Attr("memory_size", "var.memory_size"),
            Attr("timeout", "var.timeout"),
            Attr("kms_key_arn", "var.kms_key_arn"),
            Attr("publish", "true"),
            BLANK,
            Block('dynamic "environment"', [
                Attr("for_each", "length(var.environment) > 0 ? [var.environment] : []"),
                Block("content", [Attr("variables", "environment.value")]),
            ]),
            BLANK,
            Block('dynamic "vpc_config"', [
                Attr("for_each", "length(var.subnet_ids) > 0 ? [1] : []"),
                Block("content", [
                    Attr("subnet_ids", "var.subnet_ids"),
                    Attr("security_group_ids", "var.security_group_ids"),
                ]),
            ]),
            BLANK,
            Block("tracing_config", [Attr("mode", q("PassThrough"))]),
            BLANK,
            Attr("tags", "var.tags"),
            Attr("depends_on", "[aws_cloudwatch_log_group.function]"),
        ]),
        BLANK,
        m.resource("aws_lambda_alias", "live", [
            Attr("name", q("live")),
            Attr("function_name", "aws_lambda_function.function.function_name"),
            Attr("function_version", "aws_lambda_function.function.version"),
        ]),
    ])
    m.add_file("schedule.tf", [
        m.resource("aws_cloudwatch_event_rule", "function", [
            Attr("count", "var.schedule == null ? 0 : 1"),
            BLANK,
            Attr("name", "var.function_name"),
            Attr("schedule_expression", "var.schedule"),
        ]),
        BLANK,
        m.resource("aws_cloudwatch_event_target", "function", [
            Attr("count", "var.schedule == null ? 0 : 1"),
            BLANK,
            Attr("rule", "aws_cloudwatch_event_rule.function[0].name"),
            Attr("arn", "aws_lambda_alias.live.arn"),
        ]),
        BLANK,
        m.resource("aws_lambda_permission", "function", [
            Attr("count", "var.schedule == null ? 0 : 1"),
            BLANK,
            Attr("action", q("lambda:InvokeFunction")),
            Attr("function_name", "aws_lambda_function.function.function_name"),
            Attr("qualifier", "aws_lambda_alias.live.name"),
            Attr("principal", q("events.amazonaws.com")),
            Attr("source_arn", "aws_cloudwatch_event_rule.function[0].arn"),
        ]),
    ])
    m.output("function_arn", "aws_lambda_function.function.arn", "ARN of the function.")
    m.output("alias_arn", "aws_lambda_alias.live.arn", "ARN of the live alias.")
    m.output("role_name", "aws_iam_role.function.name", "Execution role.")
    m.finish()
    return m


def build_network(registry):
    m = ModuleBuilder("modules/network", registry)
    m.var("name", "string", description="Name of the VPC.")
    m.var("cidr_block", "string", q("10.40.0.0/16"), "CIDR block of the VPC.")
    m.var("azs", "list(string)", description="Availability zones to use.")
    m.var("single_nat_gateway", "bool", "false", "Share one NAT gateway between zones.")
    m.var("interface_endpoints", "set(string)", hv(["ecr.api", "ecr.dkr", "logs", "sts", "ssm"]),
          "Services reached through interface endpoints.")
    m.var("flow_log_retention_days", "number", "90", "Retention of VPC flow logs.")
    m.var("tags", "map(string)", "{}", "Tags.")
    m.add_file("versions.tf", versions_file())
    m.add_file("locals.tf", [Block("locals", [
        Attr("public_subnets", '{ for i, az in var.azs : az => cidrsubnet(var.cidr_block, 8, i) }'),
        Attr("private_subnets", '{ for i, az in var.azs : az => cidrsubnet(var.cidr_block, 4, i + 1) }'),
        Attr("nat_azs", "var.single_nat_gateway ? slice(var.azs, 0, 1) : var.azs"),
    ])])
    m.add_file("vpc.tf", [
        m.resource("aws_vpc", "main", [
            Attr("cidr_block", "var.cidr_block"),
            Attr("enable_dns_support", "true"),
            Attr("enable_dns_hostnames", "true"),
            Attr("tags", 'merge(var.tags, { Name = var.name })'),
        ]),
        BLANK,
        m.resource("aws_internet_gateway", "main", [
            Attr("vpc_id", "aws_vpc.main.id"),
            Attr("tags", 'merge(var.tags, { Name = var.name })'),
        ]),
        BLANK,
        m.resource("aws_default_security_group", "main", [Attr("vpc_id", "aws_vpc.main.id")]),
    ])
    m.add_file("subnets.tf", [
        m.resource("aws_subnet", "public", [
            Attr("for_each", "local.public_subnets"),
            BLANK,
            Attr("vpc_id", "aws_vpc.main.id"),
            Attr("cidr_block", "each.value"),
            Attr("availability_zone", "each.key"),
            Attr("map_public_ip_on_launch", "true"),
            Attr("tags", 'merge(var.tags, { Name = "${var.name}-public-${each.key}", Tier = "public" })'),
        ]),
        BLANK,
        m.resource("aws_subnet", "private", [
            Attr("for_each", "local.private_subnets"),
            BLANK,
            Attr("vpc_id", "aws_vpc.main.id"),
            Attr("cidr_block", "each.value"),
            Attr("availability_zone", "each.key"),
            Attr("tags", 'merge(var.tags, { Name = "${var.name}-private-${each.key}", Tier = "private" })'),
        ]),
    ])
    m.add_file("routing.tf", [
        m.resource("aws_eip", "nat", [
            Attr("for_each", "toset(local.nat_azs)"),
            BLANK,
            Attr("domain", q("vpc")),
            Attr("tags", 'merge(var.tags, { Name = "${var.name}-nat-${each.key}" })'),
        ]),
        BLANK,
        m.resource("aws_nat_gateway", "main", [
            Attr("for_each", "toset(local.nat_azs)"),
            BLANK,
            Attr("allocation_id", "aws_eip.nat[each.key].id"),
            Attr("subnet_id", "aws_subnet.public[each.key].id"),
            Attr("tags", 'merge(var.tags, { Name = "${var.name}-${each.key}" })'),
        ]),
        BLANK,
        m.resource("aws_route_table", "public", [
            Attr("vpc_id", "aws_vpc.main.id"),
            BLANK,
            Block("route", [Attr("cidr_block", q("0.0.0.0/0")), Attr("gateway_id", "aws_internet_gateway.main.id")]),
            BLANK,
            Attr("tags", 'merge(var.tags, { Name = "${var.name}-public" })'),
        ]),
        BLANK,
        m.resource("aws_route_table", "private", [
            Attr("for_each", "local.private_subnets"),
            BLANK,
            Attr("vpc_id", "aws_vpc.main.id"),
            BLANK,
            Block("route", [
                Attr("cidr_block", q("0.0.0.0/0")),
                Attr("nat_gateway_id", "aws_nat_gateway.main[var.single_nat_gateway ? local.nat_azs[0] : each.key].id"),
            ]),
            BLANK,
            Attr("tags", 'merge(var.tags, { Name = "${var.name}-private-${each.key}" })'),
        ]),
        BLANK,
        m.resource("aws_route_table_association", "public", [
            Attr("for_each", "aws_subnet.public"),
            BLANK,
            Attr("subnet_id", "each.value.id"),
            Attr("route_table_id", "aws_route_table.public.id"),
        ]),
        BLANK,
        m.resource("aws_route_table_association", "private", [
            Attr("for_each", "aws_subnet.private"),
            BLANK,
            Attr("subnet_id", "each.value.id"),
            Attr("route_table_id", "aws_route_table.private[each.key].id"),
        ]),
    ])
    m.add_file("endpoints.tf", [
        Block('data "aws_region" "current"', []),
        BLANK,
        m.resource("aws_vpc_endpoint", "gateway", [
            Attr("for_each", 'toset(["s3", "dynamodb"])'),
            BLANK,
            Attr("vpc_id", "aws_vpc.main.id"),
            Attr("service_name", q("com.amazonaws.${data.aws_region.current.name}.${each.value}")),
            Attr("vpc_endpoint_type", q("Gateway")),
            Attr("route_table_ids", "[for rt in aws_route_table.private : rt.id]"),
        ]),
        BLANK,
        m.resource("aws_security_group", "endpoints", [
            Attr("name", q("${var.name}-endpoints")),
            Attr("description", q("Interface endpoints")),
            Attr("vpc_id", "aws_vpc.main.id"),
            BLANK,
            Block("ingress", [
                Attr("from_port", "443"),
                Attr("to_port", "443"),
                Attr("protocol", q("tcp")),
                Attr("cidr_blocks", "[var.cidr_block]"),
            ]),
        ]),
        BLANK,
        m.resource("aws_vpc_endpoint", "interface", [
            Attr("for_each", "var.interface_endpoints"),
            BLANK,
            Attr("vpc_id", "aws_vpc.main.id"),
            Attr("service_name", q("com.amazonaws.${data.aws_region.current.name}.${each.value}")),
            Attr("vpc_endpoint_type", q("Interface")),
            Attr("private_dns_enabled", "true"),
            Attr("subnet_ids", "[for s in aws_subnet.private : s.id]"),
            Attr("security_group_ids", "[aws_security_group.endpoints.id]"),
        ]),
    ])
    m.add_file("flow_logs.tf", [
        m.resource("aws_cloudwatch_log_group", "flow_logs", [
            Attr("name", q("/vpc/${var.name}/flow-logs")),
            Attr("retention_in_days", "var.flow_log_retention_days"),
        ]),
        BLANK,
        m.resource("aws_iam_role", "flow_logs", [
            Attr("name", q("${var.name}-flow-logs")),
            Attr("assume_role_policy", Call("jsonencode", [], obj(
                Version=q("2012-10-17"),
                Statement=lst(obj(Effect=q("Allow"), Action=q("sts:AssumeRole"),
                                  Principal=obj(Service=q("vpc-flow-logs.amazonaws.com")))),
            ))),
        ]),
        BLANK,
        m.resource("aws_iam_role_policy", "flow_logs", [
            Attr("role", "aws_iam_role.flow_logs.id"),
            Attr("policy", Heredoc("POLICY", [
                "{",
                '  "Version": "2012-10-17",',
                '  "Statement": [',
                "    {",
                '      "Effect": "Allow",',
                '      "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],',
                '      "Resource": "${aws_cloudwatch_log_group.flow_logs.arn}:*"',
                "    }",
                "  ]",
                "}",
            ])),
        ]),
        BLANK,
        m.resource("aws_flow_log", "main", [
            Attr("vpc_id", "aws_vpc.main.id"),
            Attr("traffic_type", q("ALL")),
            Attr("log_destination", "aws_cloudwatch_log_group.flow_logs.arn"),
            Attr("iam_role_arn", "aws_iam_role.flow_logs.arn"),
        ]),
    ])
    m.add_file("nacl.tf", [
        Block("locals", [
            Attr("nacl_rules", hv([
                {"rule_no": 100, "protocol": "tcp", "from": 443, "to": 443, "cidr": "0.0.0.0/0"},
                {"rule_no": 110, "protocol": "tcp", "from": 1024, "to": 65535, "cidr": "0.0.0.0/0"},
                {"rule_no": 120, "protocol": "-1", "from": 0, "to": 0, "cidr": "10.0.0.0/8"},
            ])),
        ]),
        BLANK,
        m.resource("aws_network_acl", "private", [
            Attr("vpc_id", "aws_vpc.main.id"),
            Attr("subnet_ids", "[for s in aws_subnet.private : s.id]"),
            BLANK,
            Block('dynamic "ingress"', [
                Attr("for_each", "local.nacl_rules"),
                Block("content", [
                    Attr("rule_no", "ingress.value.rule_no"),
                    Attr("protocol", "ingress.value.protocol"),
                    Attr("action", q("allow")),
                    Attr("cidr_block", "ingress.value.cidr"),
                    Attr("from_port", "ingress.value.from"),
                    Attr("to_port", "ingress.value.to"),
                ]),
            ]),
            BLANK,
            Block("egress", [
                Attr("rule_no", "100"),
                Attr("protocol", q("-1")),
                Attr("action", q("allow")),
                Attr("cidr_block", q("0.0.0.0/0")),
                Attr("from_port", "0"),
                Attr("to_port", "0"),
            ]),
            BLANK,
            Attr("tags", 'merge(var.tags, { Name = "${var.name}-private" })'),
        ]),
    ])
    m.output("vpc_id", "aws_vpc.main.id", "ID of the VPC.")
    m.output("private_subnet_ids", "[for az in var.azs : aws_subnet.private[az].id]", "Private subnets, in zone order.")
    m.output("public_subnet_ids", "[for az in var.azs : aws_subnet.public[az].id]", "Public subnets, in zone order.")
    m.output("nat_public_ips", "[for e in aws_eip.nat : e.public_ip]", "Addresses of the NAT gateways.")
    m.finish()
    return m


# ---------------------------------------------------------------------------
# Root module
# ---------------------------------------------------------------------------

def build_root(services, registry, rng):
    m = ModuleBuilder(".", registry)
    m.var("region", "string", q("eu-west-1"), "Primary region.")
    m.var("dr_region", "string", q("eu-central-1"), "Disaster-recovery region.")
    m.var("environment", "string", description="Deployment environment.")
    m.var("name_prefix", "string", description="Prefix of every resource name.")
    m.var("owner", "string", q("platform"), "Owning team.")
    m.var("cost_center", "string", q("cc-0000"), "Cost center for billing.")
    m.var("azs", "list(string)", hv(["eu-west-1a", "eu-west-1b", "eu-west-1c"]), "Availability zones.")
    m.var("vpc_cidr", "string", q("10.40.0.0/16"), "CIDR of the main VPC.")
    m.var("artifact_bucket", "string", description="Bucket holding deployment artifacts.")
    m.var("certificate_arn", "string", "null", "ACM certificate for public listeners.")
    m.var("extra_tags", "map(string)", "{}", "Tags added to everything.")

    tfvars = [
        Attr("environment", q("prod")),
        Attr("name_prefix", q("acme")),
        Attr("region", q("eu-west-1")),
        Attr("artifact_bucket", q("acme-artifacts-eu-west-1")),
        Attr("owner", q("platform-team")),
        Attr("cost_center", q("cc-4711")),
        BLANK,
        Attr("extra_tags", obj(Compliance=q("pci"), DataResidency=q("eu"))),
        BLANK,
    ]

    m.add_file("versions.tf", [Block("terraform", [
        Attr("required_version", q(">= 1.6.0")),
        BLANK,
        Block("required_providers", [Attr("aws", obj(source=q("hashicorp/aws"), version=q(">= 5.40, < 6.0")))]),
        BLANK,
        Block('backend "s3"', [
            Attr("bucket", q("acme-terraform-state")),
            Attr("key", q("platform/terraform.tfstate")),
            Attr("region", q("eu-west-1")),
            Attr("encrypt", "true"),
            Attr("dynamodb_table", q("acme-terraform-locks")),
        ]),
    ])])
    m.add_file("providers.tf", [
        Block('provider "aws"', [
            Attr("region", "var.region"),
            BLANK,
            Block("default_tags", [Attr("tags", "local.tags")]),
        ]),
        BLANK,
        Block('provider "aws"', [
            Attr("alias", "dr"),
            Attr("region", "var.dr_region"),
            BLANK,
            Block("default_tags", [Attr("tags", 'merge(local.tags, { Region = "dr" })')]),
        ]),
    ])
    m.add_file("locals.tf", [Block("locals", [
        Attr("tags", Call("merge", ["var.extra_tags"], obj(
            Environment="var.environment",
            Owner="var.owner",
            CostCenter="var.cost_center",
            Repository=q("platform-infrastructure"),
        ))),
        BLANK,
        Attr("name", q("${var.name_prefix}-${var.environment}")),
        Attr("is_prod", 'var.environment == "prod"'),
        Attr("log_retention_days", "local.is_prod ? 365 : 14"),
    ])])
    m.add_file("data.tf", [
        Block('data "aws_caller_identity" "current"', []),
        BLANK,
        Block('data "aws_region" "current"', []),
    ])
    m.add_file("network.tf", [
        Comment("Shared network, keys and alarm plumbing used by every service."),
        BLANK,
        Block('module "network"', [
            Attr("source", q("./modules/network")),
            BLANK,
            Attr("name", "local.name"),
            Attr("cidr_block", "var.vpc_cidr"),
            Attr("azs", "var.azs"),
            Attr("single_nat_gateway", "!local.is_prod"),
            Attr("tags", "local.tags"),
        ]),
        BLANK,
        m.resource("aws_kms_key", "platform", [
            Attr("description", q("Platform data key")),
            Attr("enable_key_rotation", "true"),
            Attr("deletion_window_in_days", "30"),
        ]),
        BLANK,
        m.resource("aws_kms_alias", "platform", [
            Attr("name", q("alias/${local.name}-platform")),
            Attr("target_key_id", "aws_kms_key.platform.key_id"),
        ]),
        BLANK,
        m.resource("aws_sns_topic", "platform_alarms", [
            Attr("name", q("${local.name}-alarms")),
            Attr("kms_master_key_id", "aws_kms_key.platform.id"),
        ]),
        BLANK,
        m.resource("aws_s3_bucket", "platform_access_logs", [
            Attr("bucket", q("${local.name}-access-logs-${data.aws_caller_identity.current.account_id}")),
        ]),
        BLANK,
        m.resource("aws_s3_bucket_public_access_block", "platform_access_logs", [
            Attr("bucket", "aws_s3_bucket.platform_access_logs.id"),
            Attr("block_public_acls", "true"),
            Attr("block_public_policy", "true"),
            Attr("ignore_public_acls", "true"),
            Attr("restrict_public_buckets", "true"),
        ]),
        BLANK,
        Block('module "dr_archive"', [
            Attr("source", q("./modules/s3_bucket")),
            Attr("providers", "{ aws = aws.dr }"),
            BLANK,
            Attr("name", q("${local.name}-dr-archive")),
            Attr("object_lock", "true"),
            Attr("tags", "local.tags"),
        ]),
    ])

    # Root resources expanded with for_each over maps from terraform.tfvars.
    m.var("dns_records", "map(object({ type = string, ttl = optional(number, 300), records = list(string) }))",
          "{}", "Records of the public zone, by name.")
    m.var("budgets", "map(object({ limit_usd = number, services = optional(list(string), []) }))",
          "{}", "Monthly cost budgets, by name.")
    m.var("budget_alert_emails", "list(string)", "[]", "Recipients of budget alerts.")
    records = {}
    for name in ["www", "api", "status", "docs", "mail", "cdn", "auth", "partners"]:
        if name == "mail":
            records[name] = {"type": "MX", "records": ["10 mx1.acme.example", "20 mx2.acme.example"]}
        elif name == "cdn":
            records[name] = {"type": "CNAME", "ttl": 3600, "records": ["d111111abcdef8.cloudfront.net"]}
        else:
            records[name] = {"type": "A", "records": [f"203.0.113.{rng.randrange(1, 250)}"]}
    tfvars += [Attr("dns_records", hv(records)), BLANK]
    budgets = {"total": {"limit_usd": 25000}}
    for svc_name, services_ in [("compute", ["Amazon Elastic Compute Cloud - Compute"]),
                                ("databases", ["Amazon Relational Database Service", "Amazon DynamoDB"]),
                                ("storage", ["Amazon Simple Storage Service"])]:
        budgets[svc_name] = {"limit_usd": rng.choice([2000, 5000, 8000]), "services": services_}
    tfvars += [Attr("budgets", hv(budgets)), BLANK,
               Attr("budget_alert_emails", hv(["finops@acme.example", "platform@acme.example"])), BLANK]
    m.add_file("dns.tf", [
        m.resource("aws_route53_zone", "public", [
            Attr("name", q("acme.example")),
            Attr("comment", q("Public zone (${var.environment})")),
        ]),
        BLANK,
        m.resource("aws_route53_record", "public", [
            Attr("for_each", "var.dns_records"),
            BLANK,
            Attr("zone_id", "aws_route53_zone.public.zone_id"),
            Attr("name", q("${each.key}.${aws_route53_zone.public.name}")),
            Attr("type", "each.value.type"),
            Attr("ttl", "each.value.ttl"),
            Attr("records", "each.value.records"),
        ]),
        BLANK,
        m.resource("aws_route53_query_log", "public", [
            Attr("count", "local.is_prod ? 1 : 0"),
            BLANK,
            Attr("cloudwatch_log_group_arn", "aws_cloudwatch_log_group.dns_queries.arn"),
            Attr("zone_id", "aws_route53_zone.public.zone_id"),
        ]),
        BLANK,
        m.resource("aws_cloudwatch_log_group", "dns_queries", [
            Attr("name", q("/aws/route53/acme.example")),
            Attr("retention_in_days", "local.log_retention_days"),
        ]),
    ])
    m.add_file("budgets.tf", [
        m.resource("aws_budgets_budget", "monthly", [
            Attr("for_each", "var.budgets"),
            BLANK,
            Attr("name", q("${local.name}-${each.key}")),
            Attr("budget_type", q("COST")),
            Attr("limit_amount", "tostring(each.value.limit_usd)"),
            Attr("limit_unit", q("USD")),
            Attr("time_unit", q("MONTHLY")),
            BLANK,
            Block('dynamic "cost_filter"', [
                Attr("for_each", "length(each.value.services) > 0 ? [each.value.services] : []"),
                Block("content", [
                    Attr("name", q("Service")),
                    Attr("values", "cost_filter.value"),
                ]),
            ]),
            BLANK,
            Block('dynamic "notification"', [
                Attr("for_each", "toset([80, 100])"),
                Block("content", [
                    Attr("comparison_operator", q("GREATER_THAN")),
                    Attr("threshold", "notification.value"),
                    Attr("threshold_type", q("PERCENTAGE")),
                    Attr("notification_type", 'notification.value == 100 ? "FORECASTED" : "ACTUAL"'),
                    Attr("subscriber_email_addresses", "var.budget_alert_emails"),
                ]),
            ]),
        ]),
    ])

    # Service calls: some with for_each over a tfvars map, some with count.
    group_size = 5
    ref_exprs = {}  # service -> function(output) -> HCL expr returning a list
    service_root_vars = []
    groups = [services[i:i + group_size] for i in range(0, len(services), group_size)]
    for gi, group in enumerate(groups):
        items = [Comment(f"Service modules, group {gi + 1}."), BLANK]
        for info in group:
            svc = info.name
            body = [Attr("source", q(f"./modules/{svc}"))]
            r = rng.random()
            if r < 0.15 and ref_exprs:
                info.mode = "for_each"
                var = f"{svc}_deployments"
                m.var(var, "map(object({ extra_tags = map(string), log_retention_days = optional(number) }))",
                      "{}", f"Independent deployments of the {svc} service.")
                deployments = {}
                for d in rng.sample(["eu", "us", "apac", "internal", "partners"], rng.choice([2, 3])):
                    deployments[d] = {"extra_tags": {"Deployment": d}}
                    if rng.random() < 0.5:
                        deployments[d]["log_retention_days"] = rng.choice([30, 90])
                tfvars.append(Attr(var, hv(deployments)))
                tfvars.append(BLANK)
                body += [Attr("for_each", "var." + var), BLANK,
                         Attr("name_prefix", q("${var.name_prefix}-${each.key}")),
                         Attr("environment", "var.environment"),
                         Attr("tags", "merge(local.tags, each.value.extra_tags)"),
                         Attr("log_retention_days", "coalesce(each.value.log_retention_days, local.log_retention_days)")]
                ref_exprs[svc] = (lambda s: (lambda out: f"[for d in module.{s} : d.{out}]"))(svc)
            elif r < 0.25 and ref_exprs:
                info.mode = "count"
                var = f"enable_{svc}"
                m.var(var, "bool", "true", f"Deploy the {svc} service.")
                tfvars.append(Attr(var, hv(rng.random() < 0.8)))
                tfvars.append(BLANK)
                body += [Attr("count", f"var.{var} ? 1 : 0"), BLANK,
                         Attr("name_prefix", "var.name_prefix"),
                         Attr("environment", "var.environment"),
                         Attr("tags", "local.tags"),
                         Attr("log_retention_days", "local.log_retention_days")]
                ref_exprs[svc] = (lambda s: (lambda out: f"module.{s}[*].{out}"))(svc)
            else:
                body += [BLANK,
                         Attr("name_prefix", "var.name_prefix"),
                         Attr("environment", "var.environment"),
                         Attr("tags", "local.tags"),
                         Attr("log_retention_days", "local.log_retention_days")]
                ref_exprs[svc] = (lambda s: (lambda out: f"[module.{s}.{out}]"))(svc)
            body += [
                Attr("vpc_id", "module.network.vpc_id"),
                Attr("subnet_ids", "module.network.private_subnet_ids"),
                Attr("public_subnet_ids", "module.network.public_subnet_ids"),
                Attr("kms_key_arn", "aws_kms_key.platform.arn"),
                Attr("alarm_topic_arn", "aws_sns_topic.platform_alarms.arn"),
                Attr("access_log_bucket", "aws_s3_bucket.platform_access_logs.id"),
                Attr("artifact_bucket", "var.artifact_bucket"),
                Attr("certificate_arn", "var.certificate_arn"),
            ]
            # Outputs of earlier siblings feed this service.
            earlier = [s for s in services if s.name in ref_exprs and s.name != svc]
            peers = [s for s in earlier if s.sg_outputs]
            if peers:
                chosen = rng.sample(peers, min(len(peers), rng.choice([1, 2])))
                parts = [ref_exprs[p.name](p.sg_outputs[0]) for p in chosen]
                body.append(Attr("peer_security_group_ids",
                                 parts[0] if len(parts) == 1 else f"concat({', '.join(parts)})"))
            producers = [s for s in earlier if s.queue_outputs]
            if producers and rng.random() < 0.6:
                p = rng.choice(producers)
                body.append(Attr("upstream_queue_arns", ref_exprs[p.name](p.queue_outputs[0])))
            for rv in info.required_vars:
                root_var = f"{svc}_{rv}"
                m.var(root_var, "string", description=f"{rv} of the {svc} service.", sensitive=True)
                body.append(Attr(rv, "var." + root_var))
            items.append(Block(f'module "{svc}"', body))
            items.append(BLANK)
        m.add_file(f"services_{gi + 1:02d}.tf", items)

    for info in services:
        if info.mode == "single":
            m.output(f"{info.name}_name", f"module.{info.name}.name", f"Name prefix of {info.name}.")
        elif info.mode == "count":
            m.output(f"{info.name}_name", f"one(module.{info.name}[*].name)", f"Name prefix of {info.name}.")
        else:
            m.output(f"{info.name}_names", f"{{ for k, d in module.{info.name} : k => d.name }}",
                     f"Name prefixes of the {info.name} deployments.")
    m.output("vpc_id", "module.network.vpc_id", "Main VPC.")
    m.output("nat_public_ips", "module.network.nat_public_ips", "NAT gateway addresses.")
    m.finish()
    m.files["terraform.tfvars"] = tfvars
    return m


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def plan_sizes(n_files):
    """Pick (services, components per service) so the corpus has >= n_files .tf files."""
    n_services = max(2, min(len(SERVICES) - 5, n_files // 27))
    shared = 7 + 9 + 6  # network, s3_bucket, lambda_function .tf files
    root = 10 + math.ceil(n_services / 5)
    per_service_base = 5  # versions, data, locals, variables, outputs
    remaining = max(0, n_files - shared - root)
    components = max(2, math.ceil(remaining / n_services) - per_service_base)
    return n_services, components


def build_corpus(seed, n_services, n_components):
    rng = random.Random(seed)
    registry = NameRegistry()
    modules = [build_network(registry), build_s3_bucket(registry), build_lambda_function(registry)]
    infos = []
    for svc in SERVICES[:n_services]:
        m, info = build_service(svc, n_components, registry, random.Random(rng.random()))
        modules.append(m)
        infos.append(info)
    modules.append(build_root(infos, registry, rng))
    return modules, registry


def tf_line_count(modules):
    return sum(render_file(items).count("\n") for m in modules
               for name, items in m.files.items() if name.endswith(".tf"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--files", type=int, default=1000, help="minimum number of .tf files (default 1000)")
    ap.add_argument("--lines", type=int, default=None,
                    help="minimum number of lines in .tf files (default 100 per file)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    args = ap.parse_args(argv)
    if args.files < 1:
        ap.error("--files must be positive")
    min_lines = 100 * args.files if args.lines is None else args.lines

    out = args.out_dir
    if os.path.exists(out):
        if not os.path.isdir(out):
            ap.error(f"{out} exists and is not a directory")
        if os.listdir(out):
            # Only clear a directory we generated before.
            if not os.path.exists(os.path.join(out, ".chkmate-corpus")):
                ap.error(f"{out} is not empty and was not generated by this script")
            shutil.rmtree(out)

    n_services, n_components = plan_sizes(args.files)
    while True:
        modules, registry = build_corpus(args.seed, n_services, n_components)
        if tf_line_count(modules) >= min_lines:
            break
        n_components += 1

    os.makedirs(out, exist_ok=True)
    for m in modules:
        m.write(out)
    with open(os.path.join(out, ".chkmate-corpus"), "w", encoding="utf-8") as f:
        f.write(f"generated by gen_corpus.py --files {args.files} --lines {min_lines} --seed {args.seed}\n")

    tf_files = 0
    tf_lines = 0
    other_lines = 0
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames.sort()
        for name in sorted(filenames):
            if name == ".chkmate-corpus":
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                n = sum(1 for _ in f)
            if name.endswith(".tf"):
                tf_files += 1
                tf_lines += n
            else:
                other_lines += n
    print(f"{tf_files} .tf files, {tf_lines} lines "
          f"({len(modules) - 1} local modules, {len(registry.seen)} resource blocks; "
          f"{other_lines} lines in tfvars and templates) in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
