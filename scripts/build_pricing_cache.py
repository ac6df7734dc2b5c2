#!/usr/bin/env python3
"""Build chkmate's embedded AWS price snapshot (pricing-cache/aws-prices.tsv).

Reads the CSV files of the shared price data directory (default:
../shared/pricing-data relative to the repository root) and writes one compact,
line-oriented snapshot that src/pricing/catalog.rs embeds and parses.

Nothing is invented here: every price in the output is a number from the input
files, or the unit price implied by Infracost golden component rows computed with
the interval procedure documented in the data's SOURCES.md (each row bounds the
unit price; the intersection of the bounds is kept and the shortest decimal inside
it is written). Rows whose bound is wider than +-0.5% are flagged approximate, with
their interval; wider than 5% they are dropped.

Usage:
    python3 scripts/build_pricing_cache.py [DATA_DIR] [--out FILE] [--date YYYY-MM-DD]

Python standard library only.
"""

import argparse
import csv
import datetime
import os
import re
import sys
from collections import defaultdict
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, getcontext

getcontext().prec = 40

FORMAT_VERSION = "1"
HOURS_PER_MONTH = Decimal(730)

# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

EC2_SOURCES = {
    # tag in ec2_ondemand_linux.csv -> (code, date, description)
    "karpenter-2026-07-20": (
        "k",
        "2026-07-20",
        "aws/karpenter-provider-aws generated prices (AWS Price List API; Linux, shared tenancy, on-demand)",
    ),
    "karpenter-2026-07-20-metal": (
        "km",
        "2026-07-20",
        "aws/karpenter-provider-aws generated prices, bare-metal SKU (dedicated bare-metal query)",
    ),
    "ec2instances.info-2024-04": (
        "v",
        "2024-04-04",
        "ec2instances.info scrape (Linux, shared tenancy, on-demand; no capture date stated, commit date used)",
    ),
}

RDS_2021_SOURCE = (
    "vr",
    "ec2instances.info-rds-2021-08",
    "2021-08-03",
    "ec2instances.info RDS scrape of the AmazonRDS offer file (Single-AZ only; commit date used)",
)

# RDS engine codes of the AWS offer file -> chkmate engine keys (see rds_engine_codes.csv).
RDS_ENGINE_CODES = {
    "2": "mysql",
    "14": "postgres",
    "18": "mariadb",
    "16": "aurora-mysql",
    "21": "aurora-postgresql",
    "3": "oracle-se1-byol",
    "4": "oracle-se-byol",
    "5": "oracle-ee-byol",
    "19": "oracle-se2-byol",
    "6": "oracle-se1-li",
    "20": "oracle-se2-li",
    "10": "sqlserver-ex",
    "11": "sqlserver-web",
    "12": "sqlserver-se",
    "15": "sqlserver-ee",
    # 9: unknown engine (one row, no label) -> dropped
}

# Terraform `engine` (+ license) of rds_instances_infracost.csv -> engine key.
RDS_TF_ENGINES = {
    "mysql": "mysql",
    "postgres": "postgres",
    "mariadb": "mariadb",
    "aurora": "aurora-mysql",
    "aurora-mysql": "aurora-mysql",
    "aurora-postgresql": "aurora-postgresql",
    "oracle-se": "oracle-se-byol",
    "oracle-ee": "oracle-ee-byol",
    "oracle-ee-cdb": "oracle-ee-byol",
    "oracle-se1": "oracle-se1-li",
    "oracle-se2": "oracle-se2-li",
    "oracle-se2-cdb": "oracle-se2-li",
    "sqlserver-ex": "sqlserver-ex",
    "sqlserver-web": "sqlserver-web",
    "sqlserver-se": "sqlserver-se",
    "sqlserver-ee": "sqlserver-ee",
}

CLOUDFRONT_GEOS = {
    "US, Mexico, Canada": "us",
    "Europe, Israel": "europe",
    "South Africa, Kenya, Middle East": "south_africa",
    "South America": "south_america",
    "Japan": "japan",
    "Australia, New Zealand": "australia",
    "Hong Kong, Philippines, Asia Pacific": "asia_pacific",
    "India": "india",
    "global": "global",
}

TB = 1024  # the golden files bill "first 10TB" as 10240 GB
PB_DEC = 1_000_000  # VPC endpoint tiers: "first 1 PB" = 1,000,000 GB in the golden file

# ---------------------------------------------------------------------------
# Curated unit-price tables: (service, item, tier) -> (key, tier range or None)
# ---------------------------------------------------------------------------

CURATED = {
    # S3
    ("S3", "Standard storage", ""): "s3.standard.storage",
    ("S3", "Standard PUT/COPY/POST/LIST requests", ""): "s3.standard.tier1",
    ("S3", "Standard GET/SELECT and other requests", ""): "s3.standard.tier2",
    ("S3", "Standard Select data scanned", ""): "s3.standard.select_scanned",
    ("S3", "Standard Select data returned", ""): "s3.standard.select_returned",
    ("S3", "Intelligent-Tiering frequent access storage", ""): "s3.it.frequent",
    ("S3", "Intelligent-Tiering infrequent access storage", ""): "s3.it.infrequent",
    ("S3", "Intelligent-Tiering archive access storage", ""): "s3.it.archive",
    ("S3", "Intelligent-Tiering deep archive access storage", ""): "s3.it.deep_archive",
    ("S3", "Intelligent-Tiering lifecycle transition", ""): "s3.it.lifecycle",
    ("S3", "Standard-IA storage", ""): "s3.sia.storage",
    ("S3", "Standard-IA PUT/COPY/POST/LIST requests", ""): "s3.sia.tier1",
    ("S3", "Standard-IA lifecycle transition", ""): "s3.sia.lifecycle",
    ("S3", "Standard-IA retrievals", ""): "s3.sia.retrieval",
    ("S3", "One Zone-IA storage", ""): "s3.ozia.storage",
    ("S3", "One Zone-IA PUT/COPY/POST/LIST requests", ""): "s3.ozia.tier1",
    ("S3", "One Zone-IA lifecycle transition", ""): "s3.ozia.lifecycle",
    ("S3", "One Zone-IA retrievals", ""): "s3.ozia.retrieval",
    ("S3", "Glacier Flexible Retrieval storage", ""): "s3.gfr.storage",
    ("S3", "Glacier Flexible Retrieval PUT/COPY/POST/LIST requests", ""): "s3.gfr.tier1",
    ("S3", "Glacier Flexible Retrieval lifecycle transition", ""): "s3.gfr.lifecycle",
    ("S3", "Glacier Flexible Retrieval retrievals (standard)", ""): "s3.gfr.retrieval.standard",
    ("S3", "Glacier Flexible Retrieval retrievals (expedited)", ""): "s3.gfr.retrieval.expedited",
    ("S3", "Glacier Flexible Retrieval retrieval requests (standard)", ""): "s3.gfr.retrieval_requests.standard",
    ("S3", "Glacier Flexible Retrieval retrieval requests (expedited)", ""): "s3.gfr.retrieval_requests.expedited",
    ("S3", "Glacier Deep Archive storage", ""): "s3.gda.storage",
    ("S3", "Glacier Deep Archive PUT/COPY/POST/LIST requests", ""): "s3.gda.tier1",
    ("S3", "Glacier Deep Archive lifecycle transition", ""): "s3.gda.lifecycle",
    ("S3", "Glacier Deep Archive retrievals (standard)", ""): "s3.gda.retrieval.standard",
    ("S3", "Glacier Deep Archive retrievals (bulk)", ""): "s3.gda.retrieval.bulk",
    ("S3", "Glacier Deep Archive retrieval requests (standard)", ""): "s3.gda.retrieval_requests.standard",
    ("S3", "Glacier Deep Archive retrieval requests (bulk)", ""): "s3.gda.retrieval_requests.bulk",
    # KMS, Secrets Manager
    ("KMS", "Customer managed key", ""): "kms.key",
    ("KMS", "Symmetric requests", ""): "kms.requests.symmetric",
    ("KMS", "RSA 2048 requests", ""): "kms.requests.rsa2048",
    ("KMS", "Asymmetric requests", ""): "kms.requests.asymmetric",
    ("KMS", "ECC GenerateDataKeyPair requests", ""): "kms.requests.ecc_gdkp",
    ("KMS", "RSA GenerateDataKeyPair requests", ""): "kms.requests.rsa_gdkp",
    ("Secrets Manager", "Secret", ""): "secretsmanager.secret",
    ("Secrets Manager", "API requests", ""): "secretsmanager.requests",
    # SQS, SNS
    ("SQS", "Standard queue requests", ""): "sqs.requests.standard",
    ("SQS", "FIFO queue requests", ""): "sqs.requests.fifo",
    ("SNS", "Standard topic API requests (over first 1M)", ""): "sns.requests",
    ("SNS", "HTTP/HTTPS deliveries (over first 100k)", ""): "sns.delivery.http",
    ("SNS", "Email deliveries (over first 1k)", ""): "sns.delivery.email",
    ("SNS", "Firehose deliveries", ""): "sns.delivery.firehose",
    ("SNS", "Mobile push deliveries", ""): "sns.delivery.mobile",
    ("SNS", "FIFO deliveries", ""): "sns.fifo.delivery",
    ("SNS", "FIFO delivery payload", ""): "sns.fifo.delivery_payload",
    ("SNS", "FIFO publish API requests", ""): "sns.fifo.publish",
    ("SNS", "FIFO publish API payload", ""): "sns.fifo.publish_payload",
    # API Gateway (tiers in units of 1M)
    ("API Gateway", "REST API requests", "first 333M/month"): ("apigw.rest.requests", (0, 333)),
    ("API Gateway", "REST API requests", "next 667M/month"): ("apigw.rest.requests", (333, 1000)),
    ("API Gateway", "REST API requests", "next 19B/month"): ("apigw.rest.requests", (1000, 20000)),
    ("API Gateway", "REST API requests", "over 20B/month"): ("apigw.rest.requests", (20000, None)),
    ("API Gateway", "HTTP API requests", "first 300M/month"): ("apigw.http.requests", (0, 300)),
    ("API Gateway", "HTTP API requests", "over 300M/month"): ("apigw.http.requests", (300, None)),
    ("API Gateway", "WebSocket messages", "first 1B/month"): ("apigw.websocket.messages", (0, 1000)),
    ("API Gateway", "WebSocket messages", "over 1B/month"): ("apigw.websocket.messages", (1000, None)),
    ("API Gateway", "WebSocket connection minutes", ""): "apigw.websocket.minutes",
    ("API Gateway", "REST API cache 0.5 GB", ""): "apigw.cache.0.5",
    ("API Gateway", "REST API cache 237 GB", ""): "apigw.cache.237",
    # Route 53 (global; query tiers in units of 1M)
    ("Route 53", "Hosted zone (first 25)", ""): "route53.zone",
    ("Route 53", "Standard queries", "first 1B/month"): ("route53.queries.standard", (0, 1000)),
    ("Route 53", "Standard queries", "over 1B/month"): ("route53.queries.standard", (1000, None)),
    ("Route 53", "Latency-based routing queries", "first 1B/month"): ("route53.queries.latency", (0, 1000)),
    ("Route 53", "Latency-based routing queries", "over 1B/month"): ("route53.queries.latency", (1000, None)),
    ("Route 53", "Geo DNS queries", "first 1B/month"): ("route53.queries.geo", (0, 1000)),
    ("Route 53", "Geo DNS queries", "over 1B/month"): ("route53.queries.geo", (1000, None)),
    ("Route 53", "Health check (AWS endpoint)", ""): "route53.health_check.aws",
    ("Route 53", "Health check (non-AWS endpoint)", ""): "route53.health_check.non_aws",
    ("Route 53", "Health check optional feature (AWS endpoint)", ""): "route53.health_check.feature.aws",
    ("Route 53", "Health check optional feature (non-AWS endpoint)", ""): "route53.health_check.feature.non_aws",
    # CloudWatch
    ("CloudWatch", "Logs data ingested (standard)", ""): "cloudwatch.logs.ingest",
    ("CloudWatch", "Logs archival storage", ""): "cloudwatch.logs.storage",
    ("CloudWatch", "Logs Insights data scanned", ""): "cloudwatch.logs.insights",
    ("CloudWatch", "Alarm, standard resolution", ""): "cloudwatch.alarm.standard",
    ("CloudWatch", "Alarm, high resolution", ""): "cloudwatch.alarm.high_resolution",
    ("CloudWatch", "Alarm, high resolution anomaly detection", ""): "cloudwatch.alarm.anomaly_high_resolution",
    ("CloudWatch", "Dashboard", ""): "cloudwatch.dashboard",
    ("CloudWatch", "Custom/detailed-monitoring metrics (first 10k)", ""): "cloudwatch.metric",
    # Lambda (duration tiers in GB-seconds)
    ("Lambda", "Requests", ""): "lambda.requests",
    ("Lambda", "Duration x86_64", "first 6B GB-s/month"): ("lambda.duration.x86_64", (0, 6_000_000_000)),
    ("Lambda", "Duration x86_64", "next 9B GB-s/month"): ("lambda.duration.x86_64", (6_000_000_000, 15_000_000_000)),
    ("Lambda", "Duration x86_64", "over 15B GB-s/month"): ("lambda.duration.x86_64", (15_000_000_000, None)),
    ("Lambda", "Duration arm64", "first 7.5B GB-s/month"): ("lambda.duration.arm64", (0, 7_500_000_000)),
    ("Lambda", "Duration arm64", "next 11.25B GB-s/month"): ("lambda.duration.arm64", (7_500_000_000, 18_750_000_000)),
    ("Lambda", "Duration arm64", "over 18.75B GB-s/month"): ("lambda.duration.arm64", (18_750_000_000, None)),
    ("Lambda", "Ephemeral storage (above 512 MB)", ""): "lambda.ephemeral_storage",
    # DynamoDB
    ("DynamoDB", "On-demand write request units", ""): "dynamodb.ondemand.write",
    ("DynamoDB", "On-demand read request units", ""): "dynamodb.ondemand.read",
    ("DynamoDB", "Data storage", ""): "dynamodb.storage",
    ("DynamoDB", "PITR backup storage", ""): "dynamodb.pitr",
    ("DynamoDB", "On-demand backup storage", ""): "dynamodb.backup",
    ("DynamoDB", "Table data restored", ""): "dynamodb.restore",
    ("DynamoDB", "Streams read request units", ""): "dynamodb.streams_read",
    ("DynamoDB", "Provisioned WCU", ""): "dynamodb.provisioned.wcu",
    ("DynamoDB", "Provisioned RCU", ""): "dynamodb.provisioned.rcu",
    # EBS
    ("EBS", "gp2 storage", ""): "ebs.gp2.storage",
    ("EBS", "gp3 storage", ""): "ebs.gp3.storage",
    ("EBS", "gp3 provisioned IOPS (above 3000 baseline)", ""): "ebs.gp3.iops",
    ("EBS", "gp3 provisioned throughput (above 125 MiBps baseline)", ""): "ebs.gp3.throughput",
    ("EBS", "io1 storage", ""): "ebs.io1.storage",
    ("EBS", "io1 provisioned IOPS", ""): "ebs.io1.iops",
    ("EBS", "io2 storage", ""): "ebs.io2.storage",
    ("EBS", "io2 provisioned IOPS (first tier, up to 32000)", ""): ("ebs.io2.iops", (0, 32000)),
    ("EBS", "st1 storage", ""): "ebs.st1.storage",
    ("EBS", "sc1 storage", ""): "ebs.sc1.storage",
    ("EBS", "standard (magnetic) storage", ""): "ebs.standard.storage",
    ("EBS", "standard (magnetic) I/O requests", ""): "ebs.standard.io",
    ("EBS", "snapshot storage (standard tier)", ""): "ebs.snapshot.storage",
    ("EBS", "fast snapshot restore", ""): "ebs.snapshot.fsr",
    ("EBS", "ListChangedBlocks & ListSnapshotBlocks API", ""): "ebs.snapshot.list_api",
    ("EBS", "GetSnapshotBlock API", ""): "ebs.snapshot.get_api",
    ("EBS", "PutSnapshotBlock API", ""): "ebs.snapshot.put_api",
    # VPC, ELB
    ("VPC", "NAT gateway", ""): "vpc.nat.hour",
    ("VPC", "NAT gateway data processed", ""): "vpc.nat.data",
    ("VPC", "Elastic IP / public IPv4 address", ""): "vpc.public_ipv4",
    ("ELB", "Application Load Balancer", ""): "elb.alb.hour",
    ("ELB", "Application Load Balancer LCU", ""): "elb.alb.lcu",
    ("ELB", "Network Load Balancer", ""): "elb.nlb.hour",
    ("ELB", "Network Load Balancer LCU (NLCU)", ""): "elb.nlb.lcu",
    ("ELB", "Classic Load Balancer", ""): "elb.clb.hour",
    ("ELB", "Classic Load Balancer data processed", ""): "elb.clb.data",
    ("VPC", "VPC interface endpoint", ""): "vpc.endpoint.interface.hour",
    ("VPC", "VPC interface endpoint data processed", "first 1 PB"): ("vpc.endpoint.interface.data", (0, PB_DEC)),
    ("VPC", "VPC interface endpoint data processed", "next 4 PB"): ("vpc.endpoint.interface.data", (PB_DEC, 5 * PB_DEC)),
    ("VPC", "VPC interface endpoint data processed", "over 5 PB"): ("vpc.endpoint.interface.data", (5 * PB_DEC, None)),
    ("VPC", "Gateway Load Balancer endpoint", ""): "vpc.endpoint.gwlb.hour",
    ("VPC", "Gateway Load Balancer endpoint data processed", ""): "vpc.endpoint.gwlb.data",
    # Containers
    ("EKS", "EKS cluster (standard support)", ""): "eks.cluster.standard",
    ("EKS", "EKS cluster (extended support)", ""): "eks.cluster.extended",
    ("Fargate", "Fargate Linux/x86 vCPU", ""): "fargate.linux_x86.vcpu",
    ("Fargate", "Fargate Linux/x86 memory", ""): "fargate.linux_x86.memory",
    ("ECR", "ECR storage", ""): "ecr.storage",
    # OpenSearch (the [search test] and [elasticsearch test] rows are the same service)
    ("OpenSearch", "Instance c4.2xlarge.search", ""): "opensearch.instance.c4.2xlarge.search",
    ("OpenSearch", "Instance c4.8xlarge.search", ""): "opensearch.instance.c4.8xlarge.search",
    ("OpenSearch", "Instance ultrawarm1.medium.search", ""): "opensearch.instance.ultrawarm1.medium.search",
    ("OpenSearch", "EBS gp2 storage [search test]", ""): "opensearch.ebs.gp2",
    ("OpenSearch", "EBS io1 storage [search test]", ""): "opensearch.ebs.io1",
    ("OpenSearch", "io1 provisioned IOPS [search test]", ""): "opensearch.ebs.io1_iops",
    ("OpenSearch", "EBS magnetic storage [search test]", ""): "opensearch.ebs.standard",
    ("OpenSearch", "Instance c4.2xlarge.elasticsearch", ""): "opensearch.instance.c4.2xlarge.elasticsearch",
    ("OpenSearch", "Instance c4.8xlarge.elasticsearch", ""): "opensearch.instance.c4.8xlarge.elasticsearch",
    ("OpenSearch", "Instance ultrawarm1.medium.elasticsearch", ""): "opensearch.instance.ultrawarm1.medium.elasticsearch",
    ("OpenSearch", "EBS gp2 storage [elasticsearch test]", ""): "opensearch.ebs.gp2",
    ("OpenSearch", "EBS gp3 storage [elasticsearch test]", ""): "opensearch.ebs.gp3",
    ("OpenSearch", "gp3 provisioned throughput (above baseline) [elasticsearch test]", ""): "opensearch.ebs.gp3_throughput",
    ("OpenSearch", "EBS io1 storage [elasticsearch test]", ""): "opensearch.ebs.io1",
    ("OpenSearch", "io1 provisioned IOPS [elasticsearch test]", ""): "opensearch.ebs.io1_iops",
    ("OpenSearch", "EBS magnetic storage [elasticsearch test]", ""): "opensearch.ebs.standard",
    # ElastiCache
    ("ElastiCache", "cache.m6g.12xlarge on-demand node", ""): "elasticache.node.cache.m6g.12xlarge",
    ("ElastiCache", "cache.m4.large on-demand node", ""): "elasticache.node.cache.m4.large",
    ("ElastiCache", "cache.r5.4xlarge on-demand node", ""): "elasticache.node.cache.r5.4xlarge",
    ("ElastiCache", "Backup storage", ""): "elasticache.backup",
    # RDS storage and Aurora
    ("RDS", "gp2 storage (Single-AZ)", ""): "rds.storage.gp2.single",
    ("RDS", "gp2 storage (Multi-AZ)", ""): "rds.storage.gp2.multi",
    ("RDS", "gp3 storage (Single-AZ)", ""): "rds.storage.gp3.single",
    ("RDS", "gp3 storage (Multi-AZ)", ""): "rds.storage.gp3.multi",
    ("RDS", "gp3 IOPS above the 3,000 baseline (Single-AZ)", ""): "rds.iops.gp3.single",
    ("RDS", "gp3 IOPS above the 12,000 baseline (Single-AZ)", ""): "rds.iops.gp3.single",
    ("RDS", "gp3 IOPS above the 12,000 baseline (Multi-AZ)", ""): "rds.iops.gp3.multi",
    ("RDS", "io1 storage (Single-AZ)", ""): "rds.storage.io1.single",
    ("RDS", "io1 provisioned IOPS (Single-AZ)", ""): "rds.iops.io1.single",
    ("RDS", "magnetic storage (Single-AZ)", ""): "rds.storage.standard.single",
    ("RDS", "magnetic I/O requests", ""): "rds.standard.io",
    ("RDS", "backup storage beyond free allocation (MySQL/PostgreSQL etc.)", ""): "rds.backup",
    ("RDS", "backup storage (Aurora)", ""): "aurora.backup",
    ("RDS", "Extended support, years 1-2", ""): "rds.extended_support.years_1_2",
    ("RDS", "Performance Insights API", ""): "rds.performance_insights.api",
    ("Aurora", "Aurora storage (standard)", ""): "aurora.storage.standard",
    ("Aurora", "Aurora I/O requests (standard)", ""): "aurora.io.standard",
    ("Aurora", "Aurora backup storage", ""): "aurora.backup",
    ("Aurora", "Aurora storage (I/O-Optimized)", ""): "aurora.storage.io_optimized",
    ("Aurora", "Aurora snapshot export", ""): "aurora.snapshot_export",
    ("Aurora", "Aurora backtrack", ""): "aurora.backtrack",
    ("Aurora", "Aurora Serverless v1 capacity", ""): "aurora.serverless_v1",
    ("Aurora", "Aurora Serverless v2 capacity (standard)", ""): "aurora.serverless_v2.standard",
    ("Aurora", "Aurora Serverless v2 capacity (I/O-Optimized)", ""): "aurora.serverless_v2.io_optimized",
    # CloudFront (region column = price class geography)
    ("CloudFront", "Data transfer out to internet", "first 10TB"): ("cloudfront.out.internet", (0, 10 * TB)),
    ("CloudFront", "Data transfer out to internet", "next 40TB"): ("cloudfront.out.internet", (10 * TB, 50 * TB)),
    ("CloudFront", "Data transfer out to internet", "next 100TB"): ("cloudfront.out.internet", (50 * TB, 150 * TB)),
    ("CloudFront", "Data transfer out to internet", "next 350TB"): ("cloudfront.out.internet", (150 * TB, 500 * TB)),
    ("CloudFront", "Data transfer out to internet", "next 524TB"): ("cloudfront.out.internet", (500 * TB, 1024 * TB)),
    ("CloudFront", "Data transfer out to internet", "next 4PB"): ("cloudfront.out.internet", (1024 * TB, 5120 * TB)),
    ("CloudFront", "Data transfer out to internet", "over 5PB"): ("cloudfront.out.internet", (5120 * TB, None)),
    ("CloudFront", "Data transfer out to origin", ""): "cloudfront.out.origin",
    ("CloudFront", "HTTP requests", ""): "cloudfront.requests.http",
    ("CloudFront", "HTTPS requests", ""): "cloudfront.requests.https",
    ("CloudFront", "Invalidation requests (over 1k)", ""): "cloudfront.invalidation",
    ("CloudFront", "Field level encryption requests", ""): "cloudfront.field_level_encryption",
    ("CloudFront", "Real-time log requests", ""): "cloudfront.realtime_logs",
    ("CloudFront", "Dedicated IP custom SSLs", ""): "cloudfront.dedicated_ip_ssl",
    # EC2 data transfer
    ("EC2 data transfer", "Intra-region data transfer", ""): "dt.intra_region",
    ("EC2 data transfer", "Outbound data transfer to Internet (first 10TB)", ""): ("dt.out.internet", (0, 10 * TB)),
    ("EC2 data transfer", "Outbound data transfer to Internet (next 40TB)", ""): ("dt.out.internet", (10 * TB, 50 * TB)),
    ("EC2 data transfer", "Outbound data transfer to Internet (next 100TB)", ""): ("dt.out.internet", (50 * TB, 150 * TB)),
    ("EC2 data transfer", "Outbound data transfer to Internet (over 150TB)", ""): ("dt.out.internet", (150 * TB, None)),
    ("EC2 data transfer", "Outbound data transfer to other regions", ""): "dt.out.other_regions",
    ("EC2 data transfer", "Outbound data transfer to US East regions", ""): "dt.out.us_east",
}

CURATED_FILES = [
    "ebs.csv",
    "s3.csv",
    "network.csv",
    "containers.csv",
    "lambda.csv",
    "dynamodb.csv",
    "cloudwatch.csv",
    "route53.csv",
    "kms.csv",
    "messaging.csv",
    "api_gateway.csv",
    "cloudfront.csv",
    "opensearch.csv",
    "elasticache_infracost.csv",
    "data_transfer.csv",
    "rds_storage_infracost.csv",
]

# ---------------------------------------------------------------------------
# Unit prices derived from infracost_golden_components_aws.csv
# (test regex, component-path regex, key template, factor, output unit, tier)
# `factor` converts the golden unit to the output unit (e.g. a monthly cost per
# controller becomes an hourly price with 1/730).
# ---------------------------------------------------------------------------

M = Decimal(1) / HOURS_PER_MONTH
MILLION = Decimal(1_000_000)

RAW_RULES = [
    # EC2 dedicated hosts (on-demand rows only)
    (r"ec2_host_test|instance_test", r"EC2 Dedicated Host \(on-demand, (?P<f>[\w.-]+)\)", "ec2.host.{f}", 1, "hour", None),
    # EBS in other regions (Elastic Beanstalk test, eu-west-1)
    (r"elastic_beanstalk_environment_test", r"aws_launch_configuration > aws_ebs_volume > Storage \(general purpose SSD, gp2\)", "ebs.gp2.storage", 1, "GB-month", None),
    (r"elastic_beanstalk_environment_test", r"aws_launch_configuration > aws_ebs_volume > Storage \(provisioned IOPS SSD, io1\)", "ebs.io1.storage", 1, "GB-month", None),
    (r"elastic_beanstalk_environment_test", r"aws_launch_configuration > aws_ebs_volume > Provisioned IOPS", "ebs.io1.iops", 1, "IOPS-month", None),
    (r"elastic_beanstalk_environment_test", r"aws_cloudwatch_log_group > Data ingested", "cloudwatch.logs.ingest", 1, "GB", None),
    (r"elastic_beanstalk_environment_test", r"aws_cloudwatch_log_group > Archival Storage", "cloudwatch.logs.storage", 1, "GB-month", None),
    (r"elastic_beanstalk_environment_test", r"aws_cloudwatch_log_group > Insights queries data scanned", "cloudwatch.logs.insights", 1, "GB", None),
    (r"elastic_beanstalk_environment_test", r"aws_elb > Classic load balancer", "elb.clb.hour", 1, "hour", None),
    (r"elastic_beanstalk_environment_test", r"aws_elb > Data processed", "elb.clb.data", 1, "GB", None),
    (r"elastic_beanstalk_environment_test", r"aws_loadbalancer > Network load balancer", "elb.nlb.hour", 1, "hour", None),
    (r"elastic_beanstalk_environment_test", r"aws_loadbalancer > Load balancer capacity units", "elb.nlb.lcu", M, "LCU-hour", None),
    (r"elastic_beanstalk_environment_test", r"aws_db_instance > Storage \(general purpose SSD, gp2\)", "rds.storage.gp2.multi", 1, "GB-month", None),
    (r"elastic_beanstalk_environment_test", r"aws_db_instance > Additional backup storage", "rds.backup", 1, "GB-month", None),
    # Cross-checks of curated us-east-1 tables and other regions
    (r"nat_gateway_test|eip_test", r"NAT gateway", "vpc.nat.hour", 1, "hour", None),
    (r"nat_gateway_test|eip_test", r"Data processed", "vpc.nat.data", 1, "GB", None),
    (r"lb_test|eip_test", r"Application load balancer", "elb.alb.hour", 1, "hour", None),
    (r"lb_test|eip_test", r"Network load balancer", "elb.nlb.hour", 1, "hour", None),
    (r"cloudwatch_log_group_test", r"Data ingested", "cloudwatch.logs.ingest", 1, "GB", None),
    (r"kinesis_firehose_delivery_stream_test|s3_bucket_.*", r"Standard > Storage", "s3.standard.storage", 1, "GB-month", None),
    (r"kinesis_firehose_delivery_stream_test|s3_bucket_.*", r"Standard > Select data scanned", "s3.standard.select_scanned", 1, "GB", None),
    (r"kinesis_firehose_delivery_stream_test|s3_bucket_.*", r"Standard > Select data returned", "s3.standard.select_returned", 1, "GB", None),
    (r"kinesis_firehose_delivery_stream_test|elasticsearch_domain_test|opensearch_domain_test", r"Instance \(on-demand, (?P<t>[\w.]+\.(?:elasticsearch|search))\)", "opensearch.instance.{t}", 1, "hour", None),
    (r"sns_topic_test", r"API requests \(over 1M\)", "sns.requests", 1, "1M requests", None),
    (r"sns_topic_test", r"HTTP/HTTPS notifications \(over 100k\)", "sns.delivery.http", 1, "100k notifications", None),
    (r"sns_topic_test", r"Email/Email-JSON notifications \(over 1k\)", "sns.delivery.email", 1, "100k notifications", None),
    (r"sns_topic_test", r"Kinesis Firehose notifications", "sns.delivery.firehose", 1, "1M notifications", None),
    (r"sns_topic_test", r"Mobile Push notifications", "sns.delivery.mobile", 1, "1M notifications", None),
    (r"sns_topic_test", r"MacOS notifications", "sns.delivery.macos", 1, "1M notifications", None),
    (r"sns_topic_test", r"FIFO Publish API requests", "sns.fifo.publish", 1, "1M requests", None),
    (r"sns_topic_test", r"FIFO Publish API payload", "sns.fifo.publish_payload", 1, "GB", None),
    # CPU credits of EC2 instances are handled separately (joined with the instance family).
    (r"db_instance_test", r"CPU credits", "rds.cpu_credits", 1, "vCPU-hour", None),
    (r"rds_cluster_instance_test", r"CPU credits", "aurora.cpu_credits", 1, "vCPU-hour", None),
    # EFS
    (r"efs_file_system_test", r"Storage \(standard\)", "efs.storage.standard", 1, "GB-month", None),
    (r"efs_file_system_test", r"Storage \(standard, infrequent access\)", "efs.storage.standard_ia", 1, "GB-month", None),
    (r"efs_file_system_test", r"Storage \(one zone\)", "efs.storage.one_zone", 1, "GB-month", None),
    (r"efs_file_system_test", r"Storage \(one zone, infrequent access\)", "efs.storage.one_zone_ia", 1, "GB-month", None),
    (r"efs_file_system_test", r"Read requests \(infrequent access\)", "efs.ia.read", 1, "GB", None),
    (r"efs_file_system_test", r"Write requests \(infrequent access\)", "efs.ia.write", 1, "GB", None),
    (r"efs_file_system_test", r"Provisioned throughput", "efs.provisioned_throughput", 1, "MiBps-month", None),
    # Kinesis Data Streams
    (r"kinesis_stream_test", r"PROVISIONED", "kinesis.provisioned.shard", 1, "shard-hour", None),
    (r"kinesis_stream_test", r"Put request unit", "kinesis.provisioned.put_units", MILLION, "1M PUT payload units", None),
    (r"kinesis_stream_test", r"Extended retention \(24H to 7D\)", "kinesis.{mode}.extended_retention", 1, "GB", None),
    (r"kinesis_stream_test", r"Long term retention \(7D\+\)", "kinesis.{mode}.long_term_retention", 1, "GB-month", None),
    (r"kinesis_stream_test", r"Extended retention retrieval \(7D\+\)", "kinesis.{mode}.long_term_retrieval", 1, "GB", None),
    (r"kinesis_stream_test", r"Enhanced Fan Out \(EFO\) Data retrieval", "kinesis.{mode}.efo_data", 1, "GB", None),
    (r"kinesis_stream_test", r"Enhanced Fan Out \(EFO\)", "kinesis.{mode}.efo_consumer", 1, "consumer-shard-hour", None),
    (r"kinesis_stream_test", r"ON_DEMAND", "kinesis.on_demand.stream", 1, "stream-hour", None),
    (r"kinesis_stream_test", r"Data ingested", "kinesis.on_demand.data_in", 1, "GB", None),
    (r"kinesis_stream_test", r"Data retrieval", "kinesis.on_demand.data_out", 1, "GB", None),
    # Kinesis Data Firehose (eu-west-2)
    (r"kinesis_firehose_delivery_stream_test", r"Data ingested \(first 500TB\)", "firehose.ingest", 1, "GB", (0, 500 * TB)),
    (r"kinesis_firehose_delivery_stream_test", r"Data ingested \(next 1\.5PB\)", "firehose.ingest", 1, "GB", (500 * TB, 2048 * TB)),
    (r"kinesis_firehose_delivery_stream_test", r"Data ingested \(next 3PB\)", "firehose.ingest", 1, "GB", (2048 * TB, 5120 * TB)),
    (r"kinesis_firehose_delivery_stream_test", r"Format conversion", "firehose.format_conversion", 1, "GB", None),
    (r"kinesis_firehose_delivery_stream_test", r"VPC data", "firehose.vpc_data", 1, "GB", None),
    (r"kinesis_firehose_delivery_stream_test", r"VPC AZ delivery", "firehose.vpc_az", 1, "hour", None),
    # MSK
    (r"msk_cluster_test", r"Instance \((?P<t>kafka\.[\w.]+)\)", "msk.broker.{t}", 1, "hour", None),
    (r"msk_cluster_test", r"Storage( \(autoscaling\))?", "msk.storage", 1, "GB-month", None),
    # Redshift
    (r"redshift_cluster_test", r"Cluster usage \(on-demand, (?P<t>[\w.]+)\)", "redshift.node.{t}", 1, "hour", None),
    (r"redshift_cluster_test", r"Managed storage \([\w.]+\)", "redshift.managed_storage", 1, "GB-month", None),
    (r"redshift_cluster_test", r"Concurrency scaling \((?P<t>[\w.]+)\)", "redshift.concurrency.{t}", 1, "node-second", None),
    (r"redshift_cluster_test", r"Spectrum", "redshift.spectrum", 1, "TB", None),
    (r"redshift_cluster_test", r"Backup storage \(first 50 TB\)", "redshift.backup", 1, "GB-month", (0, 50 * TB)),
    (r"redshift_cluster_test", r"Backup storage \(next 450 TB\)", "redshift.backup", 1, "GB-month", (50 * TB, 500 * TB)),
    (r"redshift_cluster_test", r"Backup storage \(over 500 TB\)", "redshift.backup", 1, "GB-month", (500 * TB, None)),
    # Step Functions
    (r"sfn_state_machine_test", r"Transitions", "sfn.standard.transitions", 1, "1k transitions", None),
    (r"sfn_state_machine_test", r"Requests", "sfn.express.requests", 1, "1M requests", None),
    (r"sfn_state_machine_test", r"Duration \(first 1K\)", "sfn.express.duration", 1, "GB-hour", (0, 1000)),
    (r"sfn_state_machine_test", r"Duration \(next 4K\)", "sfn.express.duration", 1, "GB-hour", (1000, 5000)),
    (r"sfn_state_machine_test", r"Duration \(over 5K\)", "sfn.express.duration", 1, "GB-hour", (5000, None)),
    # WAF classic and WAFv2
    (r"waf_web_acl_test", r"Web ACL usage", "waf.web_acl", 1, "ACL-month", None),
    (r"waf_web_acl_test", r"Rules", "waf.rule", 1, "rule-month", None),
    (r"waf_web_acl_test", r"Rule groups", "waf.rule_group", 1, "group-month", None),
    (r"waf_web_acl_test", r"Requests", "waf.requests", 1, "1M requests", None),
    (r"wafv2_web_acl_test", r"Web ACL usage", "wafv2.web_acl", 1, "ACL-month", None),
    (r"wafv2_web_acl_test", r"Rules", "wafv2.rule", 1, "rule-month", None),
    (r"wafv2_web_acl_test", r"Rule groups", "wafv2.rule_group", 1, "group-month", None),
    (r"wafv2_web_acl_test", r"Managed rule groups", "wafv2.managed_rule_group", 1, "group-month", None),
    (r"wafv2_web_acl_test", r"Requests", "wafv2.requests", 1, "1M requests", None),
    # DocumentDB
    (r"docdb_cluster_instance_test", r"Database instance \(on-demand, (?P<t>db\.[\w.]+)\)", "docdb.instance.{t}", 1, "hour", None),
    (r"docdb_cluster_instance_test", r"Storage", "docdb.storage", 1, "GB-month", None),
    (r"docdb_cluster_instance_test", r"I/O requests", "docdb.io", 1, "1M requests", None),
    (r"docdb_cluster_instance_test", r"CPU credits", "docdb.cpu_credits", 1, "vCPU-hour", None),
    (r"docdb_cluster_test|docdb_cluster_snapshot_test", r"Backup storage", "docdb.backup", 1, "GB-month", None),
    # Neptune (eu-west-2); the I/O-Optimized instance rows are excluded by resource below
    (r"neptune_cluster_instance_test", r"Database instance \(on-demand, (?P<t>db\.[\w.]+)\)", "neptune.instance.{t}", 1, "hour", None),
    (r"neptune_cluster_instance_test", r"CPU credits", "neptune.cpu_credits", 1, "vCPU-hour", None),
    (r"neptune_cluster_test|neptune_cluster_instance_test|neptune_cluster_snapshot_test", r"Storage", "neptune.storage", 1, "GB-month", None),
    (r"neptune_cluster_test|neptune_cluster_instance_test|neptune_cluster_snapshot_test", r"I/O requests", "neptune.io", 1, "1M requests", None),
    (r"neptune_cluster_test|neptune_cluster_snapshot_test", r"Backup storage", "neptune.backup", 1, "GB-month", None),
    # Amazon MQ
    (r"mq_broker_test", r"Instance usage \((?P<e>ActiveMQ|RabbitMQ), (?P<t>mq\.[\w.]+), (?P<d>\w+)\)", "mq.instance.{e_l}.{t}.{d}", 1, "hour", None),
    (r"mq_broker_test", r"Storage \((?P<e>ActiveMQ|RabbitMQ), (?P<s>EBS|EFS)\)", "mq.storage.{e_l}.{s_l}", 1, "GB-month", None),
    # Transfer Family
    (r"transfer_server_test", r"(?P<p>SFTP|FTPS|FTP) protocol enabled", "transfer.protocol", 1, "hour", None),
    (r"transfer_server_test", r"Data downloaded", "transfer.download", 1, "GB", None),
    (r"transfer_server_test", r"Data uploaded", "transfer.upload", 1, "GB", None),
    # ACM Private CA
    (r"acmpca_certificate_authority_test", r"Private certificate authority", "acmpca.ca.general", 1, "CA-month", None),
    (r"acmpca_certificate_authority_test", r"Private certificate authority \(short-lived certificate mode\)", "acmpca.ca.short_lived", 1, "CA-month", None),
    (r"acmpca_certificate_authority_test", r"Certificates \(first 1K\)", "acmpca.certificates", 1, "certificate", (0, 1000)),
    (r"acmpca_certificate_authority_test", r"Certificates \(next 9K\)", "acmpca.certificates", 1, "certificate", (1000, 10000)),
    (r"acmpca_certificate_authority_test", r"Certificates \(over 10K\)", "acmpca.certificates", 1, "certificate", (10000, None)),
    (r"acmpca_certificate_authority_test", r"Certificates \(short-lived\)", "acmpca.certificates_short_lived", 1, "certificate", None),
    # CloudTrail
    (r"cloudtrail_test", r"Management events \(additional copies\)", "cloudtrail.management", 1, "100k events", None),
    (r"cloudtrail_test", r"Data events", "cloudtrail.data", 1, "100k events", None),
    (r"cloudtrail_test", r"Insight events", "cloudtrail.insight", 1, "100k events", None),
    # CodeBuild
    (r"codebuild_project_test", r"(?P<os>Linux|Windows) \((?P<t>[\w.]+)\)", "codebuild.{os_l}.{t}", 1, "minute", None),
    # AWS Config
    (r"config_.*rule_test", r"Rule evaluations \(first 100K\)", "config.rule_evaluations", 1, "evaluation", (0, 100_000)),
    (r"config_.*rule_test", r"Rule evaluations \(next 400K\)", "config.rule_evaluations", 1, "evaluation", (100_000, 500_000)),
    (r"config_.*rule_test", r"Rule evaluations \(over 500K\)", "config.rule_evaluations", 1, "evaluation", (500_000, None)),
    (r"config_configuration_recorder_test", r"Config items", "config.items", 1, "record", None),
    (r"config_configuration_recorder_test", r"Custom config items", "config.custom_items", 1, "record", None),
    # EventBridge
    (r"cloudwatch_event_bus_test", r"Custom events published", "events.custom", 1, "1M events", None),
    (r"cloudwatch_event_bus_test", r"Third-party events published", "events.third_party", 1, "1M events", None),
    (r"cloudwatch_event_bus_test", r"Archive processing", "events.archive_processing", 1, "GB", None),
    (r"cloudwatch_event_bus_test", r"Archive storage", "events.archive_storage", 1, "GB-month", None),
    (r"cloudwatch_event_bus_test", r"Schema discovery", "events.schema_discovery", 1, "1M events", None),
    # MWAA
    (r"mwaa_environment_test", r"Environment \((?P<c>Small|Medium|Large)\)", "mwaa.environment.{c_l}", 1, "hour", None),
    (r"mwaa_environment_test", r"Worker \((?P<c>Small|Medium|Large)\)", "mwaa.worker.{c_l}", 1, "hour", None),
    (r"mwaa_environment_test", r"Scheduler \((?P<c>Small|Medium|Large)\)", "mwaa.scheduler.{c_l}", 1, "hour", None),
    (r"mwaa_environment_test", r"Meta database", "mwaa.metadb", 1, "GB-month", None),
    # SSM
    (r"ssm_parameter_test", r"Parameter storage \(advanced\)", "ssm.parameter.advanced", 1, "parameter-hour", None),
    (r"ssm_parameter_test", r"API interactions \(advanced\)", "ssm.api.advanced", 1, "10k interactions", None),
    (r"ssm_activation_test", r"On-prem managed instances \(advanced\)", "ssm.onprem.advanced", 1, "instance-hour", None),
    # Directory Service (golden quantity = controllers, cost = monthly)
    (r"directory_service_directory_test", r"Directory service \(Microsoft AD, (?P<e>Standard|Enterprise)\)", "ds.microsoft_ad.{e_l}", M, "controller-hour", None),
    (r"directory_service_directory_test", r"Directory service \(Simple AD, (?P<s>Small|Large)\)", "ds.simple_ad.{s_l}", M, "controller-hour", None),
    (r"directory_service_directory_test", r"Directory service \(AD Connector, (?P<s>Small|Large)\)", "ds.ad_connector.{s_l}", M, "controller-hour", None),
    (r"directory_service_directory_test", r"Directory sharing", "ds.sharing", M, "account-hour", None),
    # DMS
    (r"dms_test", r"Instance \((?P<t>[\w.]+)\)", "dms.instance.{t}.{az}", 1, "hour", None),
    (r"dms_test", r"Storage \(general purpose SSD, gp2\)", "dms.storage.gp2.{az}", 1, "GB-month", None),
    # CloudHSM
    (r"cloudhsm_v2_hsm_test", r"HSM usage", "cloudhsm.hsm", 1, "hour", None),
    # Network Firewall
    (r"networkfirewall_firewall_test", r"Network Firewall Endpoint", "networkfirewall.endpoint", 1, "hour", None),
    (r"networkfirewall_firewall_test", r"Data Processed", "networkfirewall.data", 1, "GB", None),
    # Transit gateway, VPN, Client VPN, traffic mirroring, Direct Connect
    (r"ec2_transit_gateway_.*|vpn_connection_test|dx_gateway_association_test", r"Transit gateway attachment", "tgw.attachment", 1, "hour", None),
    (r"ec2_transit_gateway_.*|vpn_connection_test|dx_gateway_association_test", r"Data processed", "tgw.data", 1, "GB", None),
    (r"vpn_connection_test", r"VPN connection", "vpn.connection", 1, "hour", None),
    (r"ec2_client_vpn_endpoint_test", r"Connection", "clientvpn.connection", 1, "hour", None),
    (r"ec2_client_vpn_network_association_test", r"Endpoint association", "clientvpn.association", 1, "hour", None),
    (r"ec2_traffic_mirror_session_test", r"Traffic mirror", "ec2.traffic_mirror_session", 1, "hour", None),
    # Route 53 Resolver
    (r"route53_resolver_endpoint_test", r"Resolver endpoints", "route53.resolver.endpoint", 1, "ENI-hour", None),
    (r"route53_resolver_endpoint_test", r"DNS queries \(first 1B\)", "route53.resolver.queries", 1, "1M queries", (0, 1000)),
    (r"route53_resolver_endpoint_test", r"DNS queries \(over 1B\)", "route53.resolver.queries", 1, "1M queries", (1000, None)),
    # AWS Backup (us-west-1)
    (r"backup_vault_test", r"EFS backup \(warm\)", "backup.efs.warm", 1, "GB-month", None),
    (r"backup_vault_test", r"EFS backup \(cold\)", "backup.efs.cold", 1, "GB-month", None),
    (r"backup_vault_test", r"EFS restore \(warm\)", "backup.efs.restore_warm", 1, "GB", None),
    (r"backup_vault_test", r"EFS restore \(cold\)", "backup.efs.restore_cold", 1, "GB", None),
    (r"backup_vault_test", r"EFS restore \(item-level\)", "backup.efs.restore_item", 1, "request", None),
    (r"backup_vault_test", r"EBS snapshot", "backup.ebs", 1, "GB-month", None),
    (r"backup_vault_test", r"RDS snapshot", "backup.rds", 1, "GB-month", None),
    (r"backup_vault_test", r"DynamoDB backup", "backup.dynamodb", 1, "GB-month", None),
    (r"backup_vault_test", r"DynamoDB restore", "backup.dynamodb_restore", 1, "GB", None),
    (r"backup_vault_test", r"Aurora snapshot", "backup.aurora", 1, "GB-month", None),
    (r"backup_vault_test", r"FSx for Windows backup", "backup.fsx_windows", 1, "GB-month", None),
    (r"backup_vault_test", r"FSx for Lustre backup", "backup.fsx_lustre", 1, "GB-month", None),
    # S3 analytics and inventory
    (r"s3_bucket_analytics_configuration_test", r"Objects monitored", "s3.analytics.objects", 1, "1M objects", None),
    (r"s3_bucket_inventory_test", r"Objects listed", "s3.inventory.objects", 1, "1M objects", None),
    # Glue
    (r"glue_crawler_test|glue_job_test", r"Duration", "glue.dpu", 1, "DPU-hour", None),  # hours x DPUs, see load_raw
    (r"glue_catalog_database_test", r"Storage", "glue.catalog.storage", 1, "100k objects", None),
    (r"glue_catalog_database_test", r"Requests", "glue.catalog.requests", 1, "1M requests", None),
    # Managed Grafana
    (r"grafana_workspace_test", r"Editor/administrator licenses", "grafana.editor", 1, "user-month", None),
    (r"grafana_workspace_test", r"Viewer licenses", "grafana.viewer", 1, "user-month", None),
    # Global Accelerator
    (r"global_accelerator_test", r"Fixed fee", "globalaccelerator.fixed", 1, "hour", None),
    # FSx
    (r"fsx_windows_file_system_test", r"Throughput capacity", "fsx.windows.throughput", 1, "MBps-month", None),
    (r"fsx_windows_file_system_test", r"SSD storage", "fsx.windows.ssd", 1, "GB-month", None),
    (r"fsx_windows_file_system_test", r"HDD storage", "fsx.windows.hdd", 1, "GB-month", None),
    (r"fsx_windows_file_system_test", r"Backup storage", "fsx.windows.backup", 1, "GB-month", None),
    (r"fsx_openzfs_file_system_test", r"Throughput capacity", "fsx.openzfs.throughput", 1, "MBps-month", None),
    (r"fsx_openzfs_file_system_test", r"Provisioned IOPS", "fsx.openzfs.iops", 1, "IOPS-month", None),
    (r"fsx_openzfs_file_system_test", r"SSD storage", "fsx.openzfs.ssd", 1, "GB-month", None),
    (r"fsx_openzfs_file_system_test", r"Backup storage", "fsx.openzfs.backup", 1, "GB-month", None),
    # Direct Connect (1 Gbps dedicated port in the test)
    (r"dx_connection_test", r"DX connection", "dx.port.1gbps.dedicated", 1, "hour", None),
]

# Golden resources whose rows describe something else than the rule assumes.
RAW_EXCLUDE_RESOURCES = [
    re.compile(r"iooptimized", re.I),  # Neptune I/O-Optimized instances are priced differently
]


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def d(text):
    return Decimal(str(text).replace(",", "").strip())


def fmt(x):
    """Shortest plain decimal text for a Decimal."""
    s = format(x.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s or "0"


def shortest_in(lo, hi):
    """The decimal with the fewest digits inside [lo, hi] (closest to the midpoint)."""
    mid = (lo + hi) / 2
    for digits in range(0, 16):
        q = Decimal(1).scaleb(-digits)
        first = (lo / q).to_integral_value(rounding=ROUND_CEILING)
        last = (hi / q).to_integral_value(rounding=ROUND_FLOOR)
        if first <= last:
            best = None
            n = first
            while n <= last:
                cand = n * q
                if best is None or abs(cand - mid) < abs(best - mid):
                    best = cand
                n += 1
                if n - first > 20:
                    break
            return best
    return mid


def latest_date(text):
    dates = [x.strip() for x in (text or "").split(";") if x.strip()]
    return max(dates) if dates else ""


def warn(msg):
    print("warning: " + msg, file=sys.stderr)


class Snapshot:
    def __init__(self):
        self.sources = {}  # code -> (id, date, description)
        self.ec2 = defaultdict(dict)  # region -> type -> (usd_text, code)
        self.rds = defaultdict(dict)  # region -> (class, engine, dep) -> (usd_text, code, flags)
        self.items = defaultdict(dict)  # region -> (key, tier) -> dict

    def source_code_for_golden(self, date):
        ident = "infracost-golden-" + date
        for code, (sid, _, _) in self.sources.items():
            if sid == ident:
                return code
        code = "g" + date.replace("-", "")[2:]
        self.sources[code] = (
            ident,
            date,
            "unit price implied by infracost test golden files committed on this date "
            "(Infracost Cloud Pricing API, a mirror of the AWS Price List)",
        )
        return code


# ---------------------------------------------------------------------------
# loaders
# ---------------------------------------------------------------------------


def load_ec2(snap, data):
    for tag, (code, date, desc) in EC2_SOURCES.items():
        snap.sources[code] = (tag, date, desc)
    path = os.path.join(data, "ec2_ondemand_linux.csv")
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            tag = row["source"]
            if tag not in EC2_SOURCES:
                raise SystemExit(f"{path}: unknown source tag {tag!r}")
            usd = d(row["usd_per_hour"])
            if usd <= 0:
                continue
            snap.ec2[row["region"]][row["instance_type"]] = (fmt(usd), EC2_SOURCES[tag][0])


def load_rds(snap, data):
    code, ident, date, desc = RDS_2021_SOURCE
    snap.sources[code] = (ident, date, desc)
    path = os.path.join(data, "rds_instances_single_az_2021.csv")
    dropped = 0
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            engine = RDS_ENGINE_CODES.get(row["engine_code"])
            if engine is None or row["deployment"] != "Single-AZ":
                dropped += 1
                continue
            usd = d(row["usd_per_hour"])
            if usd <= 0:
                dropped += 1
                continue
            flags = ["o"] if row.get("family_scaling_check") == "outlier" else []
            snap.rds[row["region"]][(row["instance_class"], engine, "S")] = (fmt(usd), code, flags)
    if dropped:
        print(f"rds 2021: dropped {dropped} rows (unknown engine code or no price)", file=sys.stderr)

    # The newer infracost us-east-1 rows win; they also carry real Multi-AZ prices.
    path = os.path.join(data, "rds_instances_infracost.csv")
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            parts = [p.strip() for p in row["item"].split("|")]
            cls = parts[0]
            engine_tf = None
            license_model = None
            for p in parts[1:]:
                if p.startswith("engine="):
                    engine_tf = p[len("engine=") :]
                elif p.startswith("license="):
                    license_model = p[len("license=") :]
            dep_text = parts[-1]
            engine = RDS_TF_ENGINES.get(engine_tf)
            if engine is None:
                warn(f"rds infracost: unknown engine {engine_tf!r}")
                continue
            if license_model == "bring-your-own-license":
                engine = engine.replace("-li", "-byol")
            dep = "M" if dep_text == "Multi-AZ" else "S"
            src = snap.source_code_for_golden(latest_date(row["golden_date"]))
            flags = approx_flags(row)
            key = (cls, engine, dep)
            usd = fmt(d(row["usd"]))
            prev = snap.rds[row["region"]].get(key)
            if prev is not None and prev[1] != RDS_2021_SOURCE[0] and prev[0] != usd:
                warn(f"rds infracost: conflicting rows for {key}: {prev[0]} vs {usd}")
            if prev is not None and prev[1] == RDS_2021_SOURCE[0] and prev[0] != usd:
                print(
                    f"rds: {row['region']} {key} 2021 {prev[0]} replaced by newer {usd}",
                    file=sys.stderr,
                )
            snap.rds[row["region"]][key] = (usd, src, flags)


def approx_flags(row):
    flags = []
    if "APPROX" in (row.get("precision") or ""):
        flags.append("a=" + fmt(d(row["usd_lo"])) + ":" + fmt(d(row["usd_hi"])))
    return flags


def tier_flag(tier):
    if tier is None:
        return []
    start, end = tier
    return ["t=" + str(start) + ":" + ("" if end is None else str(end))]


def load_curated(snap, data):
    unmapped = 0
    for name in CURATED_FILES:
        path = os.path.join(data, name)
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                service = row["service"]
                item = row["item"]
                tier = row["tier"]
                target = CURATED.get((service, item, tier))
                if target is None:
                    warn(f"{name}: unmapped row {service} | {item} | {tier} | {row['region']}")
                    unmapped += 1
                    continue
                key, trange = (target, None) if isinstance(target, str) else target
                region = row["region"]
                if service == "CloudFront":
                    geo = CLOUDFRONT_GEOS.get(region)
                    if geo is None:
                        warn(f"{name}: unknown CloudFront geography {region!r} ({item})")
                        unmapped += 1
                        continue
                    region = "cloudfront:" + geo
                entry = {
                    "usd": fmt(d(row["usd"])),
                    "unit": row["unit"],
                    "src": snap.source_code_for_golden(latest_date(row["golden_date"])),
                    "flags": approx_flags(row) + tier_flag(trange),
                    "lo": d(row["usd_lo"]),
                    "hi": d(row["usd_hi"]),
                    "curated": True,
                }
                ident = (key, trange)
                prev = snap.items[region].get(ident)
                if prev is not None:
                    if prev["usd"] != entry["usd"]:
                        warn(f"{name}: conflicting prices for {region} {key}: {prev['usd']} vs {entry['usd']}")
                    continue
                snap.items[region][ident] = entry
    return unmapped


def load_raw(snap, data):
    """Unit prices implied by the golden component rows (see the module doc)."""
    path = os.path.join(data, "infracost_golden_components_aws.csv")
    rules = [
        (re.compile(r"^(?:%s)$" % t), re.compile(r"^(?:%s)$" % c), key, Decimal(factor), unit, tier)
        for (t, c, key, factor, unit, tier) in RAW_RULES
    ]
    rows = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rows.append(row)

    # Instance family of each golden resource, for CPU credits.
    family_of = {}
    for row in rows:
        m = re.search(r"Instance usage \(Linux/UNIX, on-demand, (t\d[a-z]?)\.[\w]+\)", row["component_path"])
        if m:
            family_of[(row["test"], row["resource"])] = m.group(1)

    bounds = defaultdict(list)  # (region, key, tier, unit) -> [(lo, hi, printed2dp, date)]
    for row in rows:
        resource = row["resource"]
        if any(p.search(resource) for p in RAW_EXCLUDE_RESOURCES):
            continue
        comp = row["component_path"]
        if "reserved" in comp:
            continue
        test = row["test"]
        matched = None
        if re.search(r"(^| > )CPU credits$", comp) and test in (
            "instance_test",
            "autoscaling_group_test",
            "eks_node_group_test",
        ):
            fam = family_of.get((test, resource))
            if fam is None:
                continue
            matched = ("ec2.cpu_credits." + fam, Decimal(1), "vCPU-hour", None)
        else:
            for t_re, c_re, key, factor, unit, tier in rules:
                if not t_re.match(test):
                    continue
                m = c_re.match(comp)
                if not m:
                    continue
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                for k, v in list(groups.items()):
                    groups[k + "_l"] = v.lower()
                if "{mode}" in key:
                    groups["mode"] = "on_demand" if "on_demand" in resource else "provisioned"
                if "{az}" in key:
                    groups["az"] = "multi" if "multi" in resource else "single"
                matched = (key.format(**groups), factor, unit, tier)
                break
        if matched is None:
            continue
        key, factor, unit, tier = matched
        date = row["golden_commit_date"]
        lo = hi = None
        printed2dp = False
        # Glue rows count hours of N DPUs ("hours (10 DPUs)"): scale to DPU-hours.
        dpus = Decimal(1)
        m_dpu = re.search(r"\(([\d.]+) DPUs?\)", row["unit"] or row["per_unit_unit_as_printed"] or "")
        if key == "glue.dpu":
            if m_dpu is None:
                continue
            dpus = d(m_dpu.group(1))
        if row["monthly_qty"] and row["monthly_cost_usd"]:
            qty = d(row["monthly_qty"]) * dpus
            cost = d(row["monthly_cost_usd"])
            if qty <= 0 or cost <= 0:
                continue
            lo = (cost - Decimal("0.005")) / qty
            hi = (cost + Decimal("0.005")) / qty
        elif row["per_unit_usd_as_printed"]:
            p = d(row["per_unit_usd_as_printed"]) / dpus
            if p <= 0:
                continue
            if p < Decimal("0.10"):
                lo = hi = p
            else:
                lo, hi = p - Decimal("0.005"), p + Decimal("0.005")
                printed2dp = True
        else:
            continue
        bounds[(row["region"], key, tier, unit)].append((lo * factor, hi * factor, printed2dp, date))

    added = 0
    checked = 0
    for (region, key, tier, unit), ivs in sorted(bounds.items(), key=lambda kv: str(kv[0])):
        lo = max(i[0] for i in ivs)
        hi = min(i[1] for i in ivs)
        if lo > hi:
            warn(f"raw: inconsistent rows for {region} {key} {tier}: {[(fmt(a), fmt(b)) for a, b, _, _ in ivs]}")
            continue
        usd = shortest_in(lo, hi)
        mid = (lo + hi) / 2
        rel = (hi - lo) / 2 / mid if mid > 0 else Decimal(0)
        printed = any(i[2] for i in ivs)
        if rel > Decimal("0.05") and not (printed and rel <= Decimal("0.10")):
            print(f"raw: dropped {region} {key} (+-{fmt(rel * 100)}% too wide)", file=sys.stderr)
            continue
        region_key = "global" if region == "global" else region
        ident = (key, tier)
        prev = snap.items[region_key].get(ident)
        if prev is not None:
            checked += 1
            if not (prev["lo"] - Decimal("1e-9") <= usd <= prev["hi"] + Decimal("1e-9")) and not (
                lo <= d(prev["usd"]) <= hi
            ):
                warn(f"raw cross-check: {region} {key} table {prev['usd']} vs golden rows {fmt(lo)}..{fmt(hi)}")
            continue
        flags = []
        if rel > Decimal("0.005"):
            flags.append("a=" + fmt(lo.quantize(Decimal("1e-12"))) + ":" + fmt(hi.quantize(Decimal("1e-12"))))
        flags += tier_flag(tier)
        snap.items[region_key][ident] = {
            "usd": fmt(usd),
            "unit": unit,
            "src": snap.source_code_for_golden(max(i[3] for i in ivs)),
            "flags": flags,
            "lo": lo,
            "hi": hi,
            "curated": False,
        }
        added += 1
    print(f"raw: {added} unit prices derived, {checked} cross-checked against the tables", file=sys.stderr)


# ---------------------------------------------------------------------------
# writer
# ---------------------------------------------------------------------------


def check_text(*fields):
    for f in fields:
        if "\t" in f or "\n" in f:
            raise SystemExit(f"field contains a tab or newline: {f!r}")


def write(snap, out, date, data_dir_label):
    units = {}
    for region in snap.items.values():
        for entry in region.values():
            units.setdefault(entry["unit"], None)
    unit_codes = {}
    for i, u in enumerate(sorted(units)):
        unit_codes[u] = "u" + str(i)

    lines = []
    lines.append("chkmate-prices\t" + FORMAT_VERSION)
    lines.append("# AWS on-demand prices for chkmate, built by scripts/build_pricing_cache.py. Do not edit.")
    lines.append("# Line kinds: meta, source, unit, region (starts a block), e (EC2 Linux on-demand),")
    lines.append("# r (RDS instance: class engine deployment usd source flags), i (item: key usd unit source flags).")
    lines.append("# Flags: a=LO:HI approximate with interval; t=START:END tier (END empty: no upper bound); o outlier.")
    lines.append("meta\tsnapshot\tembedded-" + date)
    lines.append("meta\tbuilt\t" + date)
    lines.append("meta\tdata\t" + data_dir_label)
    lines.append("meta\thours_per_month\t730")
    for code in sorted(snap.sources):
        sid, sdate, desc = snap.sources[code]
        check_text(code, sid, sdate, desc)
        lines.append("\t".join(["source", code, sid, sdate, desc]))
    for u, code in sorted(unit_codes.items(), key=lambda kv: int(kv[1][1:])):
        check_text(u)
        lines.append("\t".join(["unit", code, u]))

    regions = sorted(set(snap.ec2) | set(snap.rds) | set(snap.items))
    counts = {"e": 0, "r": 0, "i": 0}
    for region in regions:
        check_text(region)
        lines.append("region\t" + region)
        for itype in sorted(snap.ec2.get(region, {})):
            usd, code = snap.ec2[region][itype]
            lines.append("\t".join(["e", itype, usd, code]))
            counts["e"] += 1
        for key in sorted(snap.rds.get(region, {})):
            usd, code, flags = snap.rds[region][key]
            cls, engine, dep = key
            lines.append("\t".join(["r", cls, engine, dep, usd, code] + flags))
            counts["r"] += 1
        items = snap.items.get(region, {})
        for ident in sorted(items, key=lambda k: (k[0], -1 if k[1] is None else k[1][0])):
            entry = items[ident]
            key = ident[0]
            check_text(key)
            lines.append("\t".join(["i", key, entry["usd"], unit_codes[entry["unit"]], entry["src"]] + entry["flags"]))
            counts["i"] += 1
    lines.append("end")
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w", newline="\n") as f:
        f.write(text)
    print(
        f"wrote {out}: {len(text)} bytes, {len(regions)} regions, {counts['e']} EC2 rows, "
        f"{counts['r']} RDS rows, {counts['i']} item rows, {len(snap.sources)} sources",
        file=sys.stderr,
    )


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", nargs="?", default=os.path.join(repo, "..", "shared", "pricing-data"))
    parser.add_argument("--out", default=os.path.join(repo, "pricing-cache", "aws-prices.tsv"))
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="snapshot date (YYYY-MM-DD)")
    args = parser.parse_args()
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", args.date):
        raise SystemExit("--date must be YYYY-MM-DD")

    snap = Snapshot()
    load_ec2(snap, args.data_dir)
    load_rds(snap, args.data_dir)
    unmapped = load_curated(snap, args.data_dir)
    load_raw(snap, args.data_dir)
    write(snap, args.out, args.date, "shared/pricing-data (see its SOURCES.md)")
    if unmapped:
        print(f"{unmapped} curated rows were not mapped (see warnings)", file=sys.stderr)


if __name__ == "__main__":
    main()
