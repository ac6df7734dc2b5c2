//! Elastic IPs, NAT gateways, load balancers, VPC endpoints, transit gateway
//! attachments, VPN, Route 53 and CloudFront.
//!
//! Public IPv4 (AWS bills every public IPv4 address per hour since 2024-02-01,
//! attached or idle):
//! - `aws_eip`: always charged, attached or not, except addresses from a BYOIP
//!   pool (`public_ipv4_pool` other than `amazon`).
//! - `aws_nat_gateway` (public): one address per allocation. When the allocation
//!   refers to an `aws_eip` of this configuration the address is billed on that
//!   `aws_eip` (not twice); otherwise it is billed on the NAT gateway.
//! - `aws_lb`/`aws_alb` (internet-facing, IPv4 or dualstack) and `aws_elb`
//!   (internet-facing): one address per subnet/availability zone, the minimum
//!   AWS assigns (load balancers can add nodes under load). Subnet mappings that
//!   allocate an `aws_eip` of this configuration are billed on that `aws_eip`.

use crate::pricing::catalog::HOURS_PER_MONTH;
use crate::pricing::estimate::{
    block, blocks, bool_field, len_field, num_field, str_field, unknown_why, Ctx, Field,
};
use crate::terraform::value::Value;

const PUBLIC_IPV4: &str = "Public IPv4 address";

pub(crate) fn eip(ctx: &mut Ctx) {
    let body = ctx.body();
    if let Field::Known(pool) = str_field(body, "public_ipv4_pool") {
        if pool != "amazon" {
            ctx.set_free(format!(
                "address from the BYOIP pool {pool}: AWS does not charge for bring-your-own IPv4 addresses"
            ));
            return;
        }
    }
    let price = ctx.price("vpc.public_ipv4", "public IPv4 addresses");
    ctx.hourly(
        &format!("{PUBLIC_IPV4} (Elastic IP)"),
        Field::Known(1.0),
        price,
    );
    let attached = ["instance", "network_interface", "associate_with_private_ip"]
        .iter()
        .any(|a| body.value(a).is_some_and(|v| !v.is_null()))
        || ctx.index.eip_in_use(ctx.res);
    ctx.with_note(if attached {
        "attached; AWS charges every public IPv4 address since 2024-02-01"
    } else {
        "charged whether attached or idle (AWS public IPv4 pricing since 2024-02-01)"
    });
}

/// Whether an allocation id refers to an `aws_eip` of this configuration.
fn eip_in_config(ctx: &Ctx, v: &Value) -> Option<String> {
    ctx.referenced(v, "aws_eip")
        .first()
        .map(|r| r.address.clone())
}

pub(crate) fn nat_gateway(ctx: &mut Ctx) {
    let body = ctx.body();
    let hour = ctx.price("vpc.nat.hour", "NAT gateways");
    ctx.hourly("NAT gateway", Field::Known(1.0), hour);
    let data = ctx.price("vpc.nat.data", "NAT gateway data processing");
    ctx.usage_key(
        "Data processed",
        "GB",
        "monthly_data_processed_gb",
        1.0,
        data,
    );
    match str_field(body, "connectivity_type") {
        Field::Known(t) if t == "private" => {
            ctx.note("private NAT gateway: no public IPv4 address");
            return;
        }
        Field::Unknown(why) => {
            let price = ctx.price("vpc.public_ipv4", "public IPv4 addresses");
            ctx.hourly(PUBLIC_IPV4, Field::Unknown(why), price);
            return;
        }
        _ => {}
    }
    let mut here = 0.0;
    let mut elsewhere = Vec::new();
    let mut unknown = None;
    let mut count_one = |v: Option<&Value>, ctx: &Ctx| match v {
        None => here += 1.0,
        Some(v) => match eip_in_config(ctx, v) {
            Some(addr) => elsewhere.push(addr),
            None => here += 1.0,
        },
    };
    count_one(body.value("allocation_id"), ctx);
    match body.value("secondary_allocation_ids") {
        Some(v) if v.is_unknown() => {
            unknown = Some(format!("`secondary_allocation_ids` is {}", unknown_why(v)))
        }
        Some(v) => {
            for item in v.as_list().unwrap_or_default() {
                count_one(Some(item), ctx);
            }
        }
        None => {}
    }
    if !elsewhere.is_empty() {
        ctx.note(format!("public IPv4 billed on {}", elsewhere.join(", ")));
    }
    if let Some(why) = unknown {
        let price = ctx.price("vpc.public_ipv4", "public IPv4 addresses");
        ctx.hourly(PUBLIC_IPV4, Field::Unknown(why), price);
    } else if here > 0.0 {
        let price = ctx.price("vpc.public_ipv4", "public IPv4 addresses");
        ctx.hourly(PUBLIC_IPV4, Field::Known(here), price);
        ctx.with_note(
            "the Elastic IP is not managed in this configuration, so its address is counted here",
        );
    }
}

/// Number of subnets (AZs) of a load balancer, and how many of them take their
/// address from an `aws_eip` of this configuration.
fn lb_subnets(ctx: &Ctx) -> (Field<f64>, usize) {
    let body = ctx.body();
    let mut eips = 0;
    let mappings: Vec<_> = blocks(body, "subnet_mapping").collect();
    if !mappings.is_empty() {
        if mappings.iter().any(|m| m.expansion_unknown) {
            return (
                Field::Unknown(
                    "the number of `subnet_mapping` blocks is known only after apply".into(),
                ),
                0,
            );
        }
        for m in &mappings {
            if m.body
                .value("allocation_id")
                .is_some_and(|v| eip_in_config(ctx, v).is_some())
            {
                eips += 1;
            }
        }
        return (Field::Known(mappings.len() as f64), eips);
    }
    match len_field(body, "subnets") {
        Field::Known(n) => (Field::Known(n as f64), 0),
        Field::Unknown(why) => (Field::Unknown(why), 0),
        Field::Absent => match len_field(body, "availability_zones") {
            Field::Known(n) => (Field::Known(n as f64), 0),
            Field::Unknown(why) => (Field::Unknown(why), 0),
            Field::Absent => (
                Field::Unknown("no `subnets` or `subnet_mapping` are set".into()),
                0,
            ),
        },
    }
}

fn lb_public_ipv4(ctx: &mut Ctx) {
    let body = ctx.body();
    match bool_field(body, "internal").or_default(false) {
        Field::Known(true) => return,
        Field::Unknown(why) => {
            let price = ctx.price("vpc.public_ipv4", "public IPv4 addresses");
            ctx.hourly(PUBLIC_IPV4, Field::Unknown(why), price);
            return;
        }
        _ => {}
    }
    if str_field(body, "ip_address_type") == Field::Known("dualstack-without-public-ipv4".into()) {
        return;
    }
    let (subnets, eips) = lb_subnets(ctx);
    let qty = subnets.map(|n| (n - eips as f64).max(0.0));
    if qty == Field::Known(0.0) {
        return;
    }
    let price = ctx.price("vpc.public_ipv4", "public IPv4 addresses");
    ctx.hourly(PUBLIC_IPV4, qty, price);
    ctx.with_note(
        "internet-facing: one address per subnet (availability zone), the minimum AWS assigns",
    );
}

/// LCUs per hour from the usage dimensions (the highest dimension is billed).
fn lcus(ctx: &Ctx, network: bool) -> Option<f64> {
    if let Some(n) = ctx.usage_num("capacity_units") {
        return Some(n);
    }
    let new = ctx.usage_num("new_connections");
    let active = ctx.usage_num("active_connections");
    let bytes = ctx.usage_num("processed_bytes_gb");
    let rules = ctx.usage_num("rule_evaluations");
    if new.is_none() && active.is_none() && bytes.is_none() && rules.is_none() {
        return None;
    }
    // ALB: 25 new connections/s, 3,000 active connections/min, 1 GB/h, 1,000 rule
    // evaluations/s per LCU. NLB (TCP): 800 new flows/s, 100,000 active flows,
    // 1 GB/h per NLCU. processed_bytes_gb is per month.
    let dims = if network {
        [
            new.map(|n| n / 800.0),
            active.map(|a| a / 100_000.0),
            bytes.map(|b| b / HOURS_PER_MONTH),
            None,
        ]
    } else {
        [
            new.map(|n| n / 25.0),
            active.map(|a| a / 3000.0),
            bytes.map(|b| b / HOURS_PER_MONTH),
            rules.map(|r| r / 1000.0),
        ]
    };
    dims.iter().flatten().copied().reduce(f64::max)
}

pub(crate) fn load_balancer(ctx: &mut Ctx) {
    let body = ctx.body();
    let lb_type = str_field(body, "load_balancer_type").or_default("application".into());
    match lb_type {
        Field::Known(t) if t == "application" => {
            let hour = ctx.price("elb.alb.hour", "Application Load Balancers");
            ctx.hourly("Application load balancer", Field::Known(1.0), hour);
            let lcu = ctx.price("elb.alb.lcu", "ALB capacity units");
            let q = lcus(ctx, false).map(|l| l * HOURS_PER_MONTH);
            ctx.usage_based("Load balancer capacity units", "LCU-hours", q, lcu);
        }
        Field::Known(t) if t == "network" => {
            let hour = ctx.price("elb.nlb.hour", "Network Load Balancers");
            ctx.hourly("Network load balancer", Field::Known(1.0), hour);
            let lcu = ctx.price("elb.nlb.lcu", "NLB capacity units");
            let q = lcus(ctx, true).map(|l| l * HOURS_PER_MONTH);
            ctx.usage_based("Load balancer capacity units", "LCU-hours", q, lcu);
        }
        Field::Known(t) if t == "gateway" => {
            ctx.hourly(
                "Gateway load balancer",
                Field::Known(1.0),
                Err("price not found: the snapshot has no Gateway Load Balancer prices".into()),
            );
            return;
        }
        Field::Known(t) => {
            ctx.hourly(
                "Load balancer",
                Field::Known(1.0),
                Err(format!("price not found: unknown load balancer type `{t}`")),
            );
            return;
        }
        Field::Unknown(why) => {
            ctx.hourly(
                "Load balancer",
                Field::Known(1.0),
                Err(format!("load balancer type unknown: {why}")),
            );
            return;
        }
        Field::Absent => {}
    }
    lb_public_ipv4(ctx);
}

pub(crate) fn classic_load_balancer(ctx: &mut Ctx) {
    let hour = ctx.price("elb.clb.hour", "Classic Load Balancers");
    ctx.hourly("Classic load balancer", Field::Known(1.0), hour);
    let data = ctx.price("elb.clb.data", "Classic Load Balancer data processing");
    ctx.usage_key(
        "Data processed",
        "GB",
        "monthly_data_processed_gb",
        1.0,
        data,
    );
    lb_public_ipv4(ctx);
}

pub(crate) fn vpc_endpoint(ctx: &mut Ctx) {
    let body = ctx.body();
    let etype = str_field(body, "vpc_endpoint_type").or_default("Gateway".into());
    let (key, data_key, label) = match &etype {
        Field::Known(t) if t == "Gateway" => {
            ctx.set_free("gateway endpoints (S3, DynamoDB) are free");
            return;
        }
        Field::Known(t) if t == "Interface" => (
            "vpc.endpoint.interface.hour",
            "vpc.endpoint.interface.data",
            "Interface",
        ),
        Field::Known(t) if t == "GatewayLoadBalancer" => (
            "vpc.endpoint.gwlb.hour",
            "vpc.endpoint.gwlb.data",
            "GatewayLoadBalancer",
        ),
        Field::Known(t) => {
            ctx.hourly(
                "Endpoint",
                Field::Known(1.0),
                Err(format!(
                    "price not found: the snapshot has no price for {t} endpoints"
                )),
            );
            return;
        }
        Field::Unknown(why) => {
            ctx.hourly(
                "Endpoint",
                Field::Known(1.0),
                Err(format!("endpoint type unknown: {why}")),
            );
            return;
        }
        Field::Absent => return,
    };
    let azs = match len_field(body, "subnet_ids") {
        Field::Known(n) if n > 0 => Field::Known(n as f64),
        Field::Known(_) | Field::Absent => match blocks(body, "subnet_configuration").count() {
            0 => Field::Unknown("no `subnet_ids` are set".into()),
            n => Field::Known(n as f64),
        },
        Field::Unknown(why) => Field::Unknown(why),
    };
    let hour = ctx.price(key, &format!("{label} VPC endpoints"));
    ctx.hourly(&format!("Endpoint ({label})"), azs, hour);
    ctx.with_note("one endpoint network interface per subnet (availability zone)");
    let q = ctx.usage_num("monthly_data_processed_gb");
    let tiers = ctx.tiers(data_key, "VPC endpoint data processing");
    let q = match q {
        Some(v) => Field::Known(v),
        None => Field::Absent,
    };
    ctx.tiered("Data processed", "GB", q, tiers, true);
}

pub(crate) fn tgw_attachment(ctx: &mut Ctx) {
    if ctx.res.rtype == "aws_dx_gateway_association" {
        let body = ctx.body();
        let to_tgw = body
            .value("associated_gateway_id")
            .is_some_and(|v| !ctx.referenced(v, "aws_ec2_transit_gateway").is_empty())
            || str_field(body, "associated_gateway_id")
                .known()
                .is_some_and(|id| id.starts_with("tgw-"));
        if !to_tgw {
            ctx.set_free("associations with virtual private gateways are free; transit gateway associations are billed as attachments");
            return;
        }
    }
    let hour = ctx.price("tgw.attachment", "transit gateway attachments");
    ctx.hourly("Transit gateway attachment", Field::Known(1.0), hour);
    if ctx.res.rtype != "aws_ec2_transit_gateway_peering_attachment" {
        let data = ctx.price("tgw.data", "transit gateway data processing");
        ctx.usage_key(
            "Data processed",
            "GB",
            "monthly_data_processed_gb",
            1.0,
            data,
        );
    }
}

pub(crate) fn vpn_connection(ctx: &mut Ctx) {
    let hour = ctx.price("vpn.connection", "Site-to-Site VPN connections");
    ctx.hourly("VPN connection", Field::Known(1.0), hour);
    if ctx
        .body()
        .value("transit_gateway_id")
        .is_some_and(|v| !v.is_null())
    {
        let att = ctx.price("tgw.attachment", "transit gateway attachments");
        ctx.hourly("Transit gateway attachment", Field::Known(1.0), att);
        let data = ctx.price("tgw.data", "transit gateway data processing");
        ctx.usage_key(
            "Data processed",
            "GB",
            "monthly_data_processed_gb",
            1.0,
            data,
        );
    }
}

pub(crate) fn client_vpn_endpoint(ctx: &mut Ctx) {
    let price = ctx.price("clientvpn.connection", "Client VPN connections");
    ctx.usage_key(
        "Connections",
        "connection-hours",
        "monthly_connection_hrs",
        1.0,
        price,
    );
    ctx.note("endpoint associations are billed on aws_ec2_client_vpn_network_association");
}

pub(crate) fn client_vpn_association(ctx: &mut Ctx) {
    let price = ctx.price("clientvpn.association", "Client VPN endpoint associations");
    ctx.hourly("Endpoint association", Field::Known(1.0), price);
}

pub(crate) fn traffic_mirror_session(ctx: &mut Ctx) {
    let price = ctx.price("ec2.traffic_mirror_session", "traffic mirror sessions");
    ctx.hourly("Traffic mirror session", Field::Known(1.0), price);
}

pub(crate) fn network_firewall(ctx: &mut Ctx) {
    let body = ctx.body();
    let mappings: Vec<_> = blocks(body, "subnet_mapping").collect();
    let count = if mappings.iter().any(|m| m.expansion_unknown) {
        Field::Unknown("the number of `subnet_mapping` blocks is known only after apply".into())
    } else if mappings.is_empty() {
        Field::Unknown("no `subnet_mapping` is set".into())
    } else {
        Field::Known(mappings.len() as f64)
    };
    let hour = ctx.price("networkfirewall.endpoint", "Network Firewall endpoints");
    ctx.hourly("Network Firewall endpoint", count, hour);
    ctx.with_note("one endpoint per subnet mapping");
    let data = ctx.price("networkfirewall.data", "Network Firewall data processing");
    ctx.usage_key(
        "Data processed",
        "GB",
        "monthly_data_processed_gb",
        1.0,
        data,
    );
}

pub(crate) fn global_accelerator(ctx: &mut Ctx) {
    let price = ctx.price("globalaccelerator.fixed", "Global Accelerator fixed fees");
    ctx.hourly("Fixed fee", Field::Known(1.0), price);
    ctx.note("data transfer premiums depend on traffic and are not estimated");
}

pub(crate) fn dx_connection(ctx: &mut Ctx) {
    let body = ctx.body();
    let conn_type = ctx
        .usage
        .text("dx_connection_type")
        .unwrap_or("dedicated")
        .to_ascii_lowercase();
    let bw = str_field(body, "bandwidth");
    let (name, price) = match &bw {
        Field::Known(b) => {
            let key = format!("dx.port.{}.{}", b.to_ascii_lowercase(), conn_type);
            (
                format!("DX connection ({b}, {conn_type})"),
                ctx.price(&key, &format!("{b} {conn_type} Direct Connect ports")),
            )
        }
        Field::Unknown(why) => (
            "DX connection".into(),
            Err(format!("bandwidth unknown: {why}")),
        ),
        Field::Absent => (
            "DX connection".into(),
            Err("bandwidth unknown: `bandwidth` is not set".into()),
        ),
    };
    ctx.hourly(&name, Field::Known(1.0), price);
    ctx.note("outbound data transfer depends on traffic and is not estimated");
}

pub(crate) fn route53_zone(ctx: &mut Ctx) {
    let price = ctx.price_in("global", "route53.zone", "Route 53 hosted zones");
    ctx.fixed("Hosted zone", "months", Field::Known(1.0), price);
    ctx.with_note("price of the first 25 zones of an account");
}

pub(crate) fn route53_record(ctx: &mut Ctx) {
    let body = ctx.body();
    if block(body, "alias").is_some() {
        ctx.set_free("alias records to AWS resources answer queries for free");
        return;
    }
    let (label, key, usage_key) = if block(body, "latency_routing_policy").is_some() {
        (
            "Latency based routing queries",
            "route53.queries.latency",
            "monthly_latency_based_queries",
        )
    } else if block(body, "geolocation_routing_policy").is_some()
        || block(body, "geoproximity_routing_policy").is_some()
    {
        (
            "Geo DNS queries",
            "route53.queries.geo",
            "monthly_geo_queries",
        )
    } else {
        (
            "Standard queries",
            "route53.queries.standard",
            "monthly_standard_queries",
        )
    };
    let q = match ctx.usage_num(usage_key) {
        Some(n) => Field::Known(n / 1e6),
        None => Field::Absent,
    };
    let tiers = ctx.tiers_in("global", key, "Route 53 queries");
    ctx.tiered(label, "1M queries", q, tiers, true);
}

pub(crate) fn route53_health_check(ctx: &mut Ctx) {
    let body = ctx.body();
    let endpoint = ctx
        .usage
        .text("endpoint_type")
        .unwrap_or("aws")
        .to_ascii_lowercase();
    let non_aws = endpoint == "non_aws" || endpoint == "non-aws";
    let suffix = if non_aws { "non_aws" } else { "aws" };
    let price = ctx.price_in(
        "global",
        &format!("route53.health_check.{suffix}"),
        "Route 53 health checks",
    );
    ctx.fixed("Health check", "months", Field::Known(1.0), price);
    if ctx.usage.text("endpoint_type").is_none() {
        ctx.with_note("endpoint assumed to run on AWS (usage `endpoint_type: non_aws` otherwise)");
    }
    let htype = str_field(body, "type").known().unwrap_or_default();
    let mut features = 0.0;
    let mut unknown = None;
    if htype.starts_with("HTTPS") {
        features += 1.0;
    }
    if htype.ends_with("STR_MATCH") {
        features += 1.0;
    }
    match num_field(body, "request_interval") {
        Field::Known(i) if i < 30.0 => features += 1.0,
        Field::Unknown(why) => unknown = Some(why),
        _ => {}
    }
    match bool_field(body, "measure_latency") {
        Field::Known(true) => features += 1.0,
        Field::Unknown(why) => unknown = Some(why),
        _ => {}
    }
    if features > 0.0 || unknown.is_some() {
        let price = ctx.price_in(
            "global",
            &format!("route53.health_check.feature.{suffix}"),
            "Route 53 health check features",
        );
        let q = match unknown {
            Some(why) => Field::Unknown(why),
            None => Field::Known(features),
        };
        ctx.fixed("Optional features", "features", q, price);
        ctx.with_note(
            "HTTPS, string matching, fast interval and latency measurement are billed per feature",
        );
    }
}

pub(crate) fn route53_resolver_endpoint(ctx: &mut Ctx) {
    let body = ctx.body();
    let ips: Vec<_> = blocks(body, "ip_address").collect();
    let count = if ips.iter().any(|b| b.expansion_unknown) {
        Field::Unknown("the number of `ip_address` blocks is known only after apply".into())
    } else {
        Field::Known(ips.len().max(1) as f64)
    };
    let price = ctx.price("route53.resolver.endpoint", "Route 53 Resolver endpoints");
    ctx.hourly("Resolver endpoint network interfaces", count, price);
    let q = match ctx.usage_num("monthly_queries") {
        Some(n) => Field::Known(n / 1e6),
        None => Field::Absent,
    };
    let tiers = ctx.tiers("route53.resolver.queries", "Route 53 Resolver queries");
    ctx.tiered("DNS queries", "1M queries", q, tiers, true);
}

fn geo_label(geo: &str) -> &'static str {
    match geo {
        "us" => "US, Mexico, Canada",
        "europe" => "Europe, Israel",
        "south_africa" => "South Africa, Kenya, Middle East",
        "south_america" => "South America",
        "japan" => "Japan",
        "australia" => "Australia, New Zealand",
        "asia_pacific" => "Hong Kong, Philippines, Asia Pacific",
        "india" => "India",
        _ => "other",
    }
}

pub(crate) fn cloudfront_distribution(ctx: &mut Ctx) {
    let body = ctx.body();
    let groups = [
        (
            "monthly_data_transfer_to_internet_gb",
            "Data transfer out to internet",
            "cloudfront.out.internet",
            "GB",
            1.0,
        ),
        (
            "monthly_data_transfer_to_origin_gb",
            "Data transfer out to origin",
            "cloudfront.out.origin",
            "GB",
            1.0,
        ),
        (
            "monthly_http_requests",
            "HTTP requests",
            "cloudfront.requests.http",
            "10k requests",
            1e-4,
        ),
        (
            "monthly_https_requests",
            "HTTPS requests",
            "cloudfront.requests.https",
            "10k requests",
            1e-4,
        ),
    ];
    let any_usage = groups.iter().any(|(g, ..)| ctx.usage.has_group(g));
    for (group, label, key, unit, scale) in groups {
        for geo in super::cloudfront_geos() {
            let value = ctx.usage_num(&format!("{group}.{geo}"));
            // Without usage, show the US price of internet transfer and HTTPS requests.
            let show = value.is_some()
                || (!any_usage
                    && *geo == "us"
                    && (key.ends_with("internet") || key.ends_with("https")));
            if !show {
                continue;
            }
            let region = format!("cloudfront:{geo}");
            let name = format!("{label} ({})", geo_label(geo));
            let q = match value {
                Some(v) => Field::Known(v * scale),
                None => Field::Absent,
            };
            let tiers = ctx.tiers_in(
                &region,
                key,
                &format!("CloudFront {label} ({})", geo_label(geo)),
            );
            ctx.tiered(&name, unit, q, tiers, true);
        }
    }
    let extras = [
        (
            "monthly_invalidation_requests",
            "Invalidation requests (over 1,000 paths)",
            "cloudfront.invalidation",
            "paths",
            1.0,
        ),
        (
            "monthly_encryption_requests",
            "Field level encryption requests",
            "cloudfront.field_level_encryption",
            "10k requests",
            1e-4,
        ),
        (
            "monthly_log_lines",
            "Real-time log lines",
            "cloudfront.realtime_logs",
            "1M lines",
            1e-6,
        ),
    ];
    for (key, name, price_key, unit, scale) in extras {
        if let Some(v) = ctx.usage_num(key) {
            let price = ctx.price_in("cloudfront:global", price_key, name);
            ctx.usage_based(name, unit, Some(v * scale), price);
        }
    }
    let vip = block(body, "viewer_certificate").map(|b| str_field(&b.body, "ssl_support_method"));
    let certs = ctx
        .usage_num("custom_ssl_certificates")
        .map(Field::Known)
        .or(match vip {
            Some(Field::Known(m)) if m == "vip" => Some(Field::Known(1.0)),
            Some(Field::Unknown(why)) => Some(Field::Unknown(why)),
            _ => None,
        });
    if let Some(q) = certs {
        let price = ctx.price_in(
            "cloudfront:global",
            "cloudfront.dedicated_ip_ssl",
            "CloudFront dedicated IP SSL",
        );
        ctx.fixed(
            "Dedicated IP custom SSL certificates",
            "certificates",
            q,
            price,
        );
    }
    if !any_usage {
        ctx.note("CloudFront traffic depends on usage: set monthly_data_transfer_to_internet_gb.<us|europe|...> in the usage file");
    }
}
