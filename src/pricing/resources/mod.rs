//! Pricing rules per resource type: which types are priced (and how), which are
//! free, and which usage keys each priced type reads.
//!
//! Each priced type has one function taking the per-resource [`Ctx`]; the
//! functions live in the modules below by area. A type that is neither priced
//! nor free is unsupported.

mod app;
mod compute;
mod data;
mod network;

use super::estimate::Ctx;

/// How a resource type is handled.
pub(crate) enum Kind {
    Priced(fn(&mut Ctx)),
    /// Free, with the reason shown as a note (empty: no note).
    Free(&'static str),
    Unsupported,
}

/// Priced types: (type, rule, usage keys it reads).
type Rule = (&'static str, fn(&mut Ctx), &'static [&'static str]);

const INSTANCE_KEYS: &[&str] = &[
    "operating_system",
    "reserved_instance_type",
    "reserved_instance_term",
    "reserved_instance_payment_option",
    "monthly_cpu_credit_hrs",
    "vcpu_count",
    "monthly_hrs",
];

const GROUP_KEYS: &[&str] = &[
    "instances",
    "operating_system",
    "reserved_instance_type",
    "reserved_instance_term",
    "reserved_instance_payment_option",
    "monthly_cpu_credit_hrs",
    "vcpu_count",
];

const LB_KEYS: &[&str] = &[
    "new_connections",
    "active_connections",
    "processed_bytes_gb",
    "rule_evaluations",
    "capacity_units",
];

const CLOUDFRONT_GEOS: &[&str] = &[
    "us",
    "europe",
    "south_africa",
    "south_america",
    "japan",
    "australia",
    "asia_pacific",
    "india",
];

macro_rules! geo_keys {
    ($($group:literal),*) => {
        &[
            $(
                concat!($group, ".us"),
                concat!($group, ".europe"),
                concat!($group, ".south_africa"),
                concat!($group, ".south_america"),
                concat!($group, ".japan"),
                concat!($group, ".australia"),
                concat!($group, ".asia_pacific"),
                concat!($group, ".india"),
            )*
            "monthly_invalidation_requests",
            "monthly_encryption_requests",
            "monthly_log_lines",
            "custom_ssl_certificates",
        ]
    };
}

const S3_KEYS: &[&str] = &[
    "storage_gb",
    "monthly_tier_1_requests",
    "monthly_tier_2_requests",
    "object_tags",
    "standard.storage_gb",
    "standard.monthly_tier_1_requests",
    "standard.monthly_tier_2_requests",
    "standard.monthly_select_data_scanned_gb",
    "standard.monthly_select_data_returned_gb",
    "intelligent_tiering.frequent_access_storage_gb",
    "intelligent_tiering.infrequent_access_storage_gb",
    "intelligent_tiering.archive_access_storage_gb",
    "intelligent_tiering.deep_archive_access_storage_gb",
    "intelligent_tiering.monitored_objects",
    "intelligent_tiering.monthly_tier_1_requests",
    "intelligent_tiering.monthly_tier_2_requests",
    "intelligent_tiering.monthly_lifecycle_transition_requests",
    "intelligent_tiering.monthly_select_data_scanned_gb",
    "intelligent_tiering.monthly_select_data_returned_gb",
    "intelligent_tiering.early_delete_gb",
    "standard_infrequent_access.storage_gb",
    "standard_infrequent_access.monthly_tier_1_requests",
    "standard_infrequent_access.monthly_tier_2_requests",
    "standard_infrequent_access.monthly_lifecycle_transition_requests",
    "standard_infrequent_access.monthly_data_retrieval_gb",
    "standard_infrequent_access.monthly_select_data_scanned_gb",
    "standard_infrequent_access.monthly_select_data_returned_gb",
    "one_zone_infrequent_access.storage_gb",
    "one_zone_infrequent_access.monthly_tier_1_requests",
    "one_zone_infrequent_access.monthly_tier_2_requests",
    "one_zone_infrequent_access.monthly_lifecycle_transition_requests",
    "one_zone_infrequent_access.monthly_data_retrieval_gb",
    "one_zone_infrequent_access.monthly_select_data_scanned_gb",
    "one_zone_infrequent_access.monthly_select_data_returned_gb",
    "glacier_flexible_retrieval.storage_gb",
    "glacier_flexible_retrieval.monthly_tier_1_requests",
    "glacier_flexible_retrieval.monthly_tier_2_requests",
    "glacier_flexible_retrieval.monthly_lifecycle_transition_requests",
    "glacier_flexible_retrieval.monthly_standard_select_data_scanned_gb",
    "glacier_flexible_retrieval.monthly_standard_select_data_returned_gb",
    "glacier_flexible_retrieval.monthly_bulk_select_data_scanned_gb",
    "glacier_flexible_retrieval.monthly_bulk_select_data_returned_gb",
    "glacier_flexible_retrieval.monthly_expedited_select_data_scanned_gb",
    "glacier_flexible_retrieval.monthly_expedited_select_data_returned_gb",
    "glacier_flexible_retrieval.monthly_standard_data_retrieval_requests",
    "glacier_flexible_retrieval.monthly_expedited_data_retrieval_requests",
    "glacier_flexible_retrieval.monthly_standard_data_retrieval_gb",
    "glacier_flexible_retrieval.monthly_expedited_data_retrieval_gb",
    "glacier_flexible_retrieval.early_delete_gb",
    "glacier_deep_archive.storage_gb",
    "glacier_deep_archive.monthly_tier_1_requests",
    "glacier_deep_archive.monthly_tier_2_requests",
    "glacier_deep_archive.monthly_lifecycle_transition_requests",
    "glacier_deep_archive.monthly_standard_data_retrieval_requests",
    "glacier_deep_archive.monthly_bulk_data_retrieval_requests",
    "glacier_deep_archive.monthly_standard_data_retrieval_gb",
    "glacier_deep_archive.monthly_bulk_data_retrieval_gb",
    "glacier_deep_archive.early_delete_gb",
];

const RULES: &[Rule] = &[
    // compute and block storage
    ("aws_instance", compute::instance, INSTANCE_KEYS),
    (
        "aws_ebs_volume",
        compute::ebs_volume,
        &["monthly_standard_io_requests"],
    ),
    (
        "aws_ebs_snapshot",
        compute::ebs_snapshot,
        &[
            "storage_gb",
            "monthly_list_block_requests",
            "monthly_get_block_requests",
            "monthly_put_block_requests",
            "fast_snapshot_restore_hours",
        ],
    ),
    (
        "aws_ebs_snapshot_copy",
        compute::ebs_snapshot,
        &[
            "storage_gb",
            "monthly_list_block_requests",
            "monthly_get_block_requests",
            "monthly_put_block_requests",
            "fast_snapshot_restore_hours",
        ],
    ),
    (
        "aws_autoscaling_group",
        compute::autoscaling_group,
        GROUP_KEYS,
    ),
    ("aws_eks_node_group", compute::eks_node_group, GROUP_KEYS),
    (
        "aws_ec2_host",
        compute::ec2_host,
        &["reserved_instance_term", "reserved_instance_payment_option"],
    ),
    // network
    ("aws_eip", network::eip, &[]),
    (
        "aws_nat_gateway",
        network::nat_gateway,
        &["monthly_data_processed_gb"],
    ),
    ("aws_lb", network::load_balancer, LB_KEYS),
    ("aws_alb", network::load_balancer, LB_KEYS),
    (
        "aws_elb",
        network::classic_load_balancer,
        &["monthly_data_processed_gb"],
    ),
    (
        "aws_vpc_endpoint",
        network::vpc_endpoint,
        &["monthly_data_processed_gb"],
    ),
    (
        "aws_ec2_transit_gateway_vpc_attachment",
        network::tgw_attachment,
        &["monthly_data_processed_gb"],
    ),
    (
        "aws_ec2_transit_gateway_peering_attachment",
        network::tgw_attachment,
        &["monthly_data_processed_gb"],
    ),
    (
        "aws_dx_gateway_association",
        network::tgw_attachment,
        &["monthly_data_processed_gb"],
    ),
    (
        "aws_vpn_connection",
        network::vpn_connection,
        &["monthly_data_processed_gb"],
    ),
    (
        "aws_ec2_client_vpn_endpoint",
        network::client_vpn_endpoint,
        &["monthly_connection_hrs"],
    ),
    (
        "aws_ec2_client_vpn_network_association",
        network::client_vpn_association,
        &[],
    ),
    (
        "aws_ec2_traffic_mirror_session",
        network::traffic_mirror_session,
        &[],
    ),
    (
        "aws_networkfirewall_firewall",
        network::network_firewall,
        &["monthly_data_processed_gb"],
    ),
    (
        "aws_globalaccelerator_accelerator",
        network::global_accelerator,
        &[],
    ),
    (
        "aws_dx_connection",
        network::dx_connection,
        &["dx_connection_type", "dx_virtual_interface_type"],
    ),
    ("aws_route53_zone", network::route53_zone, &[]),
    (
        "aws_route53_record",
        network::route53_record,
        &[
            "monthly_standard_queries",
            "monthly_latency_based_queries",
            "monthly_geo_queries",
        ],
    ),
    (
        "aws_route53_health_check",
        network::route53_health_check,
        &["endpoint_type"],
    ),
    (
        "aws_route53_resolver_endpoint",
        network::route53_resolver_endpoint,
        &["monthly_queries"],
    ),
    (
        "aws_cloudfront_distribution",
        network::cloudfront_distribution,
        geo_keys!(
            "monthly_data_transfer_to_internet_gb",
            "monthly_data_transfer_to_origin_gb",
            "monthly_http_requests",
            "monthly_https_requests"
        ),
    ),
    // databases and analytics
    (
        "aws_db_instance",
        data::db_instance,
        &[
            "additional_backup_storage_gb",
            "monthly_standard_io_requests",
            "monthly_additional_performance_insights_requests",
            "reserved_instance_term",
            "reserved_instance_payment_option",
        ],
    ),
    (
        "aws_rds_cluster",
        data::rds_cluster,
        &[
            "capacity_units_per_hr",
            "storage_gb",
            "write_requests_per_sec",
            "read_requests_per_sec",
            "backup_snapshot_size_gb",
            "average_statements_per_hr",
            "change_records_per_statement",
            "backtrack_window_hrs",
            "snapshot_export_size_gb",
        ],
    ),
    (
        "aws_rds_cluster_instance",
        data::rds_cluster_instance,
        &[
            "monthly_cpu_credit_hrs",
            "vcpu_count",
            "monthly_additional_performance_insights_requests",
            "reserved_instance_term",
            "reserved_instance_payment_option",
            "capacity_units_per_hr",
        ],
    ),
    (
        "aws_elasticache_cluster",
        data::elasticache_cluster,
        &[
            "snapshot_storage_size_gb",
            "reserved_instance_term",
            "reserved_instance_payment_option",
        ],
    ),
    (
        "aws_elasticache_replication_group",
        data::elasticache_replication_group,
        &[
            "snapshot_storage_size_gb",
            "reserved_instance_term",
            "reserved_instance_payment_option",
        ],
    ),
    (
        "aws_dynamodb_table",
        data::dynamodb_table,
        &[
            "monthly_write_request_units",
            "monthly_read_request_units",
            "storage_gb",
            "pitr_backup_storage_gb",
            "on_demand_backup_storage_gb",
            "monthly_data_restored_gb",
            "monthly_streams_read_request_units",
        ],
    ),
    (
        "aws_docdb_cluster_instance",
        data::docdb_cluster_instance,
        &[
            "data_storage_gb",
            "monthly_io_requests",
            "monthly_cpu_credit_hrs",
        ],
    ),
    (
        "aws_docdb_cluster",
        data::docdb_backup,
        &["backup_storage_gb"],
    ),
    (
        "aws_docdb_cluster_snapshot",
        data::docdb_backup,
        &["backup_storage_gb"],
    ),
    (
        "aws_neptune_cluster",
        data::neptune_cluster,
        &["storage_gb", "monthly_io_requests", "backup_storage_gb"],
    ),
    (
        "aws_neptune_cluster_instance",
        data::neptune_cluster_instance,
        &["monthly_cpu_credit_hrs"],
    ),
    (
        "aws_neptune_cluster_snapshot",
        data::neptune_snapshot,
        &["backup_storage_gb"],
    ),
    (
        "aws_redshift_cluster",
        data::redshift_cluster,
        &[
            "managed_storage_gb",
            "excess_concurrency_scaling_secs",
            "spectrum_data_scanned_tb",
            "backup_storage_gb",
        ],
    ),
    ("aws_opensearch_domain", data::opensearch_domain, &[]),
    ("aws_elasticsearch_domain", data::opensearch_domain, &[]),
    (
        "aws_dms_replication_instance",
        data::dms_replication_instance,
        &[],
    ),
    ("aws_msk_cluster", data::msk_cluster, &[]),
    (
        "aws_kinesis_stream",
        data::kinesis_stream,
        &[
            "monthly_on_demand_data_in_gb",
            "monthly_on_demand_data_out_gb",
            "monthly_on_demand_efo_data_out_gb",
            "monthly_on_demand_extended_retention_gb",
            "monthly_on_demand_long_term_retention_gb",
            "monthly_provisioned_put_units",
            "monthly_provisioned_extended_retention_gb",
            "monthly_provisioned_long_term_retention_gb",
            "monthly_provisioned_long_term_retrieval_gb",
            "monthly_provisioned_efo_data_out_gb",
            "monthly_provisioned_efo_consumer_hours",
        ],
    ),
    (
        "aws_kinesis_firehose_delivery_stream",
        data::firehose_delivery_stream,
        &["monthly_data_ingested_gb"],
    ),
    ("aws_glue_job", data::glue_job, &["monthly_hours"]),
    ("aws_glue_crawler", data::glue_crawler, &["monthly_hours"]),
    (
        "aws_glue_catalog_database",
        data::glue_catalog_database,
        &["monthly_objects", "monthly_requests"],
    ),
    // application services
    (
        "aws_lambda_function",
        app::lambda_function,
        &["monthly_requests", "request_duration_ms"],
    ),
    (
        "aws_lambda_provisioned_concurrency_config",
        app::lambda_provisioned_concurrency,
        &[
            "monthly_duration_hrs",
            "request_duration_ms",
            "monthly_requests",
            "architecture",
            "memory_mb",
        ],
    ),
    ("aws_eks_cluster", app::eks_cluster, &[]),
    (
        "aws_eks_fargate_profile",
        app::eks_fargate_profile,
        &["pods", "vcpu_per_pod", "memory_gb_per_pod"],
    ),
    ("aws_ecs_service", app::ecs_service, &[]),
    ("aws_ecr_repository", app::ecr_repository, &["storage_gb"]),
    ("aws_s3_bucket", app::s3_bucket, S3_KEYS),
    (
        "aws_s3_bucket_analytics_configuration",
        app::s3_analytics,
        &["monthly_monitored_objects"],
    ),
    (
        "aws_s3_bucket_inventory",
        app::s3_inventory,
        &["monthly_listed_objects"],
    ),
    (
        "aws_efs_file_system",
        app::efs_file_system,
        &[
            "storage_gb",
            "infrequent_access_storage_gb",
            "monthly_infrequent_access_read_gb",
            "monthly_infrequent_access_write_gb",
        ],
    ),
    (
        "aws_sqs_queue",
        app::sqs_queue,
        &["monthly_requests", "request_size_kb"],
    ),
    (
        "aws_sns_topic",
        app::sns_topic,
        &[
            "monthly_requests",
            "request_size_kb",
            "http_subscriptions",
            "email_subscriptions",
            "kinesis_subscriptions",
            "mobile_push_subscriptions",
            "macos_subscriptions",
            "sms_subscriptions",
            "sms_notification_price",
        ],
    ),
    (
        "aws_sns_topic_subscription",
        app::sns_topic_subscription,
        &["monthly_requests", "request_size_kb"],
    ),
    (
        "aws_api_gateway_rest_api",
        app::api_gateway_rest_api,
        &["monthly_requests"],
    ),
    ("aws_api_gateway_stage", app::api_gateway_stage, &[]),
    (
        "aws_apigatewayv2_api",
        app::apigatewayv2_api,
        &[
            "monthly_requests",
            "request_size_kb",
            "monthly_messages",
            "message_size_kb",
            "monthly_connection_mins",
        ],
    ),
    (
        "aws_sfn_state_machine",
        app::sfn_state_machine,
        &[
            "monthly_transitions",
            "monthly_requests",
            "memory_mb",
            "workflow_duration_ms",
        ],
    ),
    (
        "aws_cloudwatch_log_group",
        app::cloudwatch_log_group,
        &[
            "storage_gb",
            "monthly_data_ingested_gb",
            "monthly_data_scanned_gb",
        ],
    ),
    (
        "aws_cloudwatch_metric_alarm",
        app::cloudwatch_metric_alarm,
        &[],
    ),
    ("aws_cloudwatch_dashboard", app::cloudwatch_dashboard, &[]),
    (
        "aws_cloudwatch_event_bus",
        app::cloudwatch_event_bus,
        &[
            "monthly_custom_events",
            "monthly_third_party_events",
            "monthly_archive_processing_gb",
            "archive_storage_gb",
            "monthly_schema_discovery_events",
        ],
    ),
    ("aws_kms_key", app::kms_key, &["monthly_requests"]),
    ("aws_kms_external_key", app::kms_key, &["monthly_requests"]),
    (
        "aws_secretsmanager_secret",
        app::secretsmanager_secret,
        &["monthly_requests"],
    ),
    (
        "aws_ssm_parameter",
        app::ssm_parameter,
        &[
            "api_throughput_limit",
            "monthly_api_interactions",
            "parameter_storage_hrs",
        ],
    ),
    (
        "aws_waf_web_acl",
        app::waf_web_acl,
        &["rule_group_rules", "monthly_requests"],
    ),
    (
        "aws_wafv2_web_acl",
        app::wafv2_web_acl,
        &[
            "rule_group_rules",
            "managed_rule_group_rules",
            "monthly_requests",
        ],
    ),
    (
        "aws_cloudtrail",
        app::cloudtrail,
        &[
            "monthly_additional_management_events",
            "monthly_data_events",
            "monthly_insight_events",
        ],
    ),
    (
        "aws_config_config_rule",
        app::config_rule,
        &["monthly_rule_evaluations"],
    ),
    (
        "aws_config_organization_custom_rule",
        app::config_rule,
        &["monthly_rule_evaluations"],
    ),
    (
        "aws_config_organization_managed_rule",
        app::config_rule,
        &["monthly_rule_evaluations"],
    ),
    (
        "aws_config_configuration_recorder",
        app::config_recorder,
        &["monthly_config_items", "monthly_custom_config_items"],
    ),
    (
        "aws_codebuild_project",
        app::codebuild_project,
        &["monthly_build_mins"],
    ),
    (
        "aws_mwaa_environment",
        app::mwaa_environment,
        &[
            "additional_workers",
            "additional_schedulers",
            "meta_database_gb",
        ],
    ),
    ("aws_mq_broker", app::mq_broker, &["storage_size_gb"]),
    (
        "aws_transfer_server",
        app::transfer_server,
        &["monthly_data_downloaded_gb", "monthly_data_uploaded_gb"],
    ),
    (
        "aws_acmpca_certificate_authority",
        app::acmpca_certificate_authority,
        &["monthly_requests"],
    ),
    (
        "aws_directory_service_directory",
        app::directory_service,
        &["additional_domain_controllers", "shared_accounts"],
    ),
    ("aws_cloudhsm_v2_hsm", app::cloudhsm_hsm, &["monthly_hrs"]),
    (
        "aws_backup_vault",
        app::backup_vault,
        &[
            "monthly_efs_warm_restore_gb",
            "monthly_efs_cold_restore_gb",
            "monthly_efs_item_restore_requests",
            "monthly_efs_warm_backup_gb",
            "monthly_efs_cold_backup_gb",
            "monthly_ebs_snapshot_gb",
            "monthly_rds_snapshot_gb",
            "monthly_aurora_snapshot_gb",
            "monthly_dynamodb_backup_gb",
            "monthly_dynamodb_restore_gb",
            "monthly_fsx_windows_backup_gb",
            "monthly_fsx_lustre_backup_gb",
        ],
    ),
    (
        "aws_grafana_workspace",
        app::grafana_workspace,
        &["editors_administrator_licenses", "viewer_licenses"],
    ),
];

/// Types AWS does not bill for, with a note when the cost shows up elsewhere.
const FREE_TYPES: &[(&str, &str)] = &[
    ("aws_vpc", ""),
    ("aws_subnet", ""),
    ("aws_security_group", ""),
    ("aws_security_group_rule", ""),
    ("aws_vpc_security_group_ingress_rule", ""),
    ("aws_vpc_security_group_egress_rule", ""),
    ("aws_route_table", ""),
    ("aws_route", ""),
    ("aws_route_table_association", ""),
    ("aws_main_route_table_association", ""),
    ("aws_internet_gateway", ""),
    ("aws_internet_gateway_attachment", ""),
    ("aws_egress_only_internet_gateway", ""),
    ("aws_network_acl", ""),
    ("aws_network_acl_rule", ""),
    ("aws_network_acl_association", ""),
    ("aws_vpc_dhcp_options", ""),
    ("aws_vpc_dhcp_options_association", ""),
    ("aws_vpc_ipv4_cidr_block_association", ""),
    ("aws_vpc_endpoint_route_table_association", ""),
    ("aws_vpc_endpoint_subnet_association", ""),
    (
        "aws_vpc_endpoint_service",
        "endpoint services are billed on the consumers' endpoints",
    ),
    (
        "aws_vpc_peering_connection",
        "peering itself is free; data transfer across it is billed",
    ),
    ("aws_vpc_peering_connection_accepter", ""),
    (
        "aws_network_interface",
        "an ENI is free; a public IPv4 on it is billed where it is assigned",
    ),
    ("aws_network_interface_attachment", ""),
    ("aws_network_interface_sg_attachment", ""),
    (
        "aws_eip_association",
        "the address is billed on the aws_eip",
    ),
    (
        "aws_volume_attachment",
        "the volume is billed on the aws_ebs_volume",
    ),
    (
        "aws_flow_log",
        "flow logs are billed as CloudWatch Logs ingestion or S3 storage",
    ),
    ("aws_key_pair", ""),
    ("aws_placement_group", ""),
    (
        "aws_launch_template",
        "billed through the instances, autoscaling groups or node groups that use it",
    ),
    (
        "aws_launch_configuration",
        "billed through the autoscaling groups that use it",
    ),
    ("aws_ami_launch_permission", ""),
    ("aws_ebs_encryption_by_default", ""),
    ("aws_ebs_default_kms_key", ""),
    ("aws_customer_gateway", ""),
    (
        "aws_vpn_gateway",
        "VPN connections are billed on aws_vpn_connection",
    ),
    ("aws_vpn_gateway_attachment", ""),
    ("aws_vpn_gateway_route_propagation", ""),
    (
        "aws_ec2_transit_gateway",
        "attachments are billed on the attachment resources",
    ),
    ("aws_ec2_transit_gateway_route_table", ""),
    ("aws_ec2_transit_gateway_route", ""),
    ("aws_ec2_transit_gateway_route_table_association", ""),
    ("aws_ec2_transit_gateway_route_table_propagation", ""),
    ("aws_dx_gateway", ""),
    ("aws_lb_listener", ""),
    ("aws_lb_listener_rule", ""),
    ("aws_lb_listener_certificate", ""),
    ("aws_lb_target_group", ""),
    ("aws_lb_target_group_attachment", ""),
    ("aws_alb_listener", ""),
    ("aws_alb_listener_rule", ""),
    ("aws_alb_target_group", ""),
    ("aws_alb_target_group_attachment", ""),
    ("aws_lb_cookie_stickiness_policy", ""),
    ("aws_elb_attachment", ""),
    ("aws_proxy_protocol_policy", ""),
    ("aws_autoscaling_policy", ""),
    ("aws_autoscaling_attachment", ""),
    ("aws_autoscaling_schedule", ""),
    ("aws_autoscaling_lifecycle_hook", ""),
    ("aws_autoscaling_notification", ""),
    ("aws_appautoscaling_target", ""),
    ("aws_appautoscaling_policy", ""),
    ("aws_appautoscaling_scheduled_action", ""),
    (
        "aws_ecs_cluster",
        "tasks are billed on aws_ecs_service (Fargate) or on the EC2 instances",
    ),
    ("aws_ecs_cluster_capacity_providers", ""),
    ("aws_ecs_capacity_provider", ""),
    (
        "aws_ecs_task_definition",
        "billed through the services that run it",
    ),
    ("aws_ecs_account_setting_default", ""),
    ("aws_eks_addon", ""),
    ("aws_eks_access_entry", ""),
    ("aws_eks_access_policy_association", ""),
    ("aws_eks_identity_provider_config", ""),
    ("aws_eks_pod_identity_association", ""),
    ("aws_kms_alias", ""),
    ("aws_kms_grant", ""),
    ("aws_kms_key_policy", ""),
    ("aws_db_subnet_group", ""),
    ("aws_db_parameter_group", ""),
    ("aws_db_option_group", ""),
    ("aws_rds_cluster_parameter_group", ""),
    (
        "aws_db_cluster_snapshot",
        "snapshot storage beyond the free allocation is billed as backup storage",
    ),
    (
        "aws_db_snapshot",
        "snapshot storage beyond the free allocation is billed as backup storage",
    ),
    ("aws_docdb_subnet_group", ""),
    ("aws_docdb_cluster_parameter_group", ""),
    ("aws_neptune_subnet_group", ""),
    ("aws_neptune_parameter_group", ""),
    ("aws_neptune_cluster_parameter_group", ""),
    ("aws_elasticache_subnet_group", ""),
    ("aws_elasticache_parameter_group", ""),
    ("aws_elasticache_user", ""),
    ("aws_elasticache_user_group", ""),
    ("aws_redshift_subnet_group", ""),
    ("aws_redshift_parameter_group", ""),
    ("aws_dms_replication_subnet_group", ""),
    ("aws_dms_endpoint", ""),
    (
        "aws_dms_replication_task",
        "billed on the replication instance",
    ),
    ("aws_route53_zone_association", ""),
    ("aws_route53_vpc_association_authorization", ""),
    ("aws_route53_resolver_rule", ""),
    ("aws_route53_resolver_rule_association", ""),
    ("aws_route53_delegation_set", ""),
    ("aws_acm_certificate_validation", ""),
    ("aws_sns_topic_policy", ""),
    ("aws_sqs_queue_policy", ""),
    ("aws_sqs_queue_redrive_policy", ""),
    ("aws_sqs_queue_redrive_allow_policy", ""),
    (
        "aws_secretsmanager_secret_version",
        "billed on the aws_secretsmanager_secret",
    ),
    ("aws_secretsmanager_secret_rotation", ""),
    ("aws_secretsmanager_secret_policy", ""),
    ("aws_ssm_document", ""),
    ("aws_ssm_association", ""),
    ("aws_ssm_maintenance_window", ""),
    ("aws_ssm_maintenance_window_target", ""),
    ("aws_ssm_maintenance_window_task", ""),
    ("aws_ssm_patch_baseline", ""),
    ("aws_ssm_patch_group", ""),
    ("aws_sfn_activity", ""),
    ("aws_lambda_permission", ""),
    ("aws_lambda_alias", ""),
    ("aws_lambda_event_source_mapping", ""),
    ("aws_lambda_function_event_invoke_config", ""),
    ("aws_lambda_layer_version_permission", ""),
    ("aws_api_gateway_resource", ""),
    ("aws_api_gateway_method", ""),
    ("aws_api_gateway_method_response", ""),
    ("aws_api_gateway_method_settings", ""),
    ("aws_api_gateway_integration", ""),
    ("aws_api_gateway_integration_response", ""),
    ("aws_api_gateway_deployment", ""),
    ("aws_api_gateway_model", ""),
    ("aws_api_gateway_authorizer", ""),
    ("aws_api_gateway_base_path_mapping", ""),
    ("aws_api_gateway_account", ""),
    ("aws_api_gateway_rest_api_policy", ""),
    ("aws_api_gateway_gateway_response", ""),
    ("aws_api_gateway_request_validator", ""),
    ("aws_api_gateway_usage_plan", ""),
    ("aws_api_gateway_usage_plan_key", ""),
    ("aws_api_gateway_api_key", ""),
    ("aws_api_gateway_domain_name", ""),
    ("aws_apigatewayv2_stage", ""),
    ("aws_apigatewayv2_route", ""),
    ("aws_apigatewayv2_integration", ""),
    ("aws_apigatewayv2_deployment", ""),
    ("aws_apigatewayv2_authorizer", ""),
    ("aws_apigatewayv2_domain_name", ""),
    ("aws_apigatewayv2_api_mapping", ""),
    ("aws_cloudwatch_log_stream", ""),
    ("aws_cloudwatch_log_metric_filter", ""),
    ("aws_cloudwatch_log_subscription_filter", ""),
    ("aws_cloudwatch_log_resource_policy", ""),
    (
        "aws_cloudwatch_event_rule",
        "events are billed on the event bus",
    ),
    ("aws_cloudwatch_event_target", ""),
    ("aws_cloudwatch_event_permission", ""),
    ("aws_cloudfront_origin_access_identity", ""),
    ("aws_cloudfront_origin_access_control", ""),
    ("aws_cloudfront_cache_policy", ""),
    ("aws_cloudfront_origin_request_policy", ""),
    ("aws_cloudfront_response_headers_policy", ""),
    ("aws_cloudfront_public_key", ""),
    ("aws_cloudfront_key_group", ""),
    ("aws_s3_bucket_policy", ""),
    ("aws_s3_bucket_acl", ""),
    (
        "aws_s3_bucket_versioning",
        "noncurrent versions are billed as bucket storage",
    ),
    ("aws_s3_bucket_public_access_block", ""),
    ("aws_s3_account_public_access_block", ""),
    ("aws_s3_bucket_server_side_encryption_configuration", ""),
    (
        "aws_s3_bucket_lifecycle_configuration",
        "transitions are billed as lifecycle requests on the bucket",
    ),
    ("aws_s3_bucket_logging", ""),
    ("aws_s3_bucket_ownership_controls", ""),
    ("aws_s3_bucket_cors_configuration", ""),
    ("aws_s3_bucket_website_configuration", ""),
    ("aws_s3_bucket_notification", ""),
    ("aws_s3_bucket_request_payment_configuration", ""),
    ("aws_s3_bucket_accelerate_configuration", ""),
    ("aws_s3_bucket_object_lock_configuration", ""),
    (
        "aws_s3_bucket_replication_configuration",
        "replication is billed as requests and data transfer",
    ),
    (
        "aws_s3_object",
        "object storage is billed on the bucket (usage)",
    ),
    (
        "aws_s3_bucket_object",
        "object storage is billed on the bucket (usage)",
    ),
    ("aws_ecr_lifecycle_policy", ""),
    ("aws_ecr_repository_policy", ""),
    ("aws_ecr_registry_policy", ""),
    ("aws_efs_mount_target", ""),
    ("aws_efs_access_point", ""),
    ("aws_efs_backup_policy", ""),
    ("aws_efs_file_system_policy", ""),
    (
        "aws_backup_plan",
        "backups are billed as storage on the aws_backup_vault",
    ),
    ("aws_backup_selection", ""),
    ("aws_backup_vault_policy", ""),
    ("aws_backup_vault_notifications", ""),
    ("aws_wafv2_web_acl_association", ""),
    ("aws_wafv2_ip_set", ""),
    ("aws_wafv2_regex_pattern_set", ""),
    (
        "aws_wafv2_rule_group",
        "rule groups are billed as rules of the web ACLs that use them",
    ),
    ("aws_wafv2_web_acl_logging_configuration", ""),
    ("aws_waf_ipset", ""),
    (
        "aws_waf_rule",
        "rules are billed on the web ACLs that use them",
    ),
    ("aws_config_delivery_channel", ""),
    ("aws_config_configuration_recorder_status", ""),
    (
        "aws_kinesis_stream_consumer",
        "enhanced fan-out is billed on the stream (usage)",
    ),
    ("aws_organizations_organization", ""),
    ("aws_organizations_account", ""),
    ("aws_organizations_organizational_unit", ""),
    ("aws_organizations_policy", ""),
    ("aws_organizations_policy_attachment", ""),
    ("aws_resourcegroups_group", ""),
    ("aws_sns_platform_application", ""),
    ("aws_ses_domain_identity", ""),
    ("aws_ses_email_identity", ""),
    ("aws_cloudwatch_composite_alarm", ""),
];

/// Providers whose resources are not AWS resources and cost nothing.
const FREE_PROVIDERS: &[&str] = &[
    "random_",
    "null_",
    "terraform_",
    "time_",
    "tls_",
    "local_",
    "archive_",
    "http",
    "external",
    "template_",
    "cloudinit_",
];

/// How a resource type is handled.
pub(crate) fn kind_of(rtype: &str) -> Kind {
    if let Some((_, f, _)) = RULES.iter().find(|(t, _, _)| *t == rtype) {
        return Kind::Priced(*f);
    }
    if let Some((_, why)) = FREE_TYPES.iter().find(|(t, _)| *t == rtype) {
        return Kind::Free(why);
    }
    if rtype.starts_with("aws_iam_")
        || rtype.starts_with("aws_identitystore_")
        || rtype.starts_with("aws_ssoadmin_")
    {
        return Kind::Free("");
    }
    if rtype.starts_with("aws_default_") {
        return Kind::Free("");
    }
    if rtype == "aws_acm_certificate" {
        // Public certificates are free; private ones are billed on the private CA.
        return Kind::Free("public certificates are free; private certificates are billed per issue on the private CA");
    }
    if FREE_PROVIDERS.iter().any(|p| rtype.starts_with(p)) {
        return Kind::Free("not an AWS resource");
    }
    Kind::Unsupported
}

/// The usage keys a priced type reads (dotted for nested groups); `None` for
/// types chkmate does not price.
pub fn usage_keys(rtype: &str) -> Option<&'static [&'static str]> {
    RULES
        .iter()
        .find(|(t, _, _)| *t == rtype)
        .map(|(_, _, k)| *k)
}

/// Every resource type chkmate prices.
pub fn priced_types() -> Vec<&'static str> {
    RULES.iter().map(|(t, _, _)| *t).collect()
}

/// Every resource type chkmate lists as free (prefix rules such as `aws_iam_*`
/// are not expanded).
pub fn free_types() -> Vec<&'static str> {
    FREE_TYPES.iter().map(|(t, _)| *t).collect()
}

/// The CloudFront price groups (`monthly_data_transfer_to_internet_gb.<geo>`).
pub(crate) fn cloudfront_geos() -> &'static [&'static str] {
    CLOUDFRONT_GEOS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_sixty_types_are_priced_and_none_twice() {
        let types = priced_types();
        assert!(types.len() >= 60, "{} priced types", types.len());
        let mut sorted = types.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), types.len(), "a type is listed twice");
        for t in &types {
            assert!(
                !FREE_TYPES.iter().any(|(f, _)| f == t),
                "{t} is both priced and free"
            );
        }
    }
}
