# prod environment. Validated by config/schema/*.ts; every key not set here takes the documented
# (secure) default. Replace the account id with the real prod account before the first deploy.
project        = "platform"
environment    = "prod"
aws_region     = "ap-northeast-2"
aws_account_id = "333333333333"

tags = {
  CostCenter = "platform-prod"
}

# The account's GitHub Actions OIDC provider (bootstrap): CI releases through roles, never access keys.
github_oidc_provider = true

state_backend = {
  bucket     = "platform-tfstate-prod-333333333333"
  lock_table = "platform-tfstate-lock-prod"
  # "local" for the very first apply of bootstrap-prod; "s3" once its state has moved (README: Bootstrap).
  bootstrap_state = "local"
}

network = {
  vpc_cidr                = "10.30.0.0/16"
  availability_zones      = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"]
  nat_mode                = "per-az"
  flow_log_retention_days = 365
}

systems = {
  fileflow = {
    alb = {
      # ACM certificate for HTTPS; HTTP then only redirects. Replace with the real certificate.
      certificate_arn     = "arn:aws:acm:ap-northeast-2:333333333333:certificate/00000000-0000-4000-8000-000000000000"
      deletion_protection = true
    }
    web_api = {
      image_tag    = "web-api-1.0.0"
      cpu          = 512
      memory       = 1024
      min_capacity = 2
      max_capacity = 8
      health_check = {
        path = "/actuator/health"
      }
      environment = {
        "SPRING_PROFILES_ACTIVE" = "prod"
      }
    }
    download_scheduler = {
      image_tag    = "download-scheduler-1.0.0"
      fargate_spot = false
    }
    pipeline_scheduler = {
      image_tag    = "pipeline-scheduler-1.0.0"
      fargate_spot = false
    }
  }
  erp-mes = {
    simulator = {
      image_tag = "1.0.0"
      cpu       = 256
      memory    = 512
      # 09:00-18:00 KST on weekdays (EventBridge cron is UTC).
      start_schedule    = "cron(0 0 ? * MON-FRI *)"
      stop_schedule     = "cron(0 9 ? * MON-FRI *)"
      schedules_enabled = true
      debug             = false
      cors_origins      = ["https://triflow.example.com"]
    }
    database = {
      engine_version        = "16"
      instance_class        = "db.t4g.medium"
      allocated_storage_gb  = 20
      multi_az              = true
      backup_retention_days = 14
      deletion_protection   = true
      skip_final_snapshot   = false
      # TriFlow-AI's database reads erp_mes_db through postgres_fdw from here.
      fdw_peer_cidrs = ["10.70.0.0/16"]
    }
  }
  alert-system = {
    domain = {
      # api.<domain>: the certificate is issued and validated in this zone. Replace with the real zone.
      name           = "api.alerts.example.com"
      hosted_zone_id = "Z0333333333333ALERTS"
    }
    alb = {
      deletion_protection = true
    }
    api = {
      image_tag    = "1.0.0"
      cpu          = 512
      memory       = 1024
      min_capacity = 2
      max_capacity = 6
      health_check = {
        path = "/health"
      }
    }
    database = {
      # The source document alarms below 5 GB free (earlier than the module default, half of where
      # storage autoscaling starts).
      free_storage_alarm_gb = 5
      instance_class        = "db.t4g.micro"
      multi_az              = true
      backup_retention_days = 14
      deletion_protection   = true
      skip_final_snapshot   = false
    }
    cache = {
      node_type               = "cache.t4g.micro"
      mode                    = "replicated"
      replicas                = 1
      snapshot_retention_days = 7
    }
    alarms = {
      emails = ["oncall@example.com"]
    }
    ci = {
      repository = "example/alert-system"
      branch     = "main"
    }
  }
  ecg-pipeline = {
    domain = {
      # CloudFront serves this name (certificate issued in us-east-1); the ALB is origin.<name>.
      # Replace with the real zone.
      name           = "ecg.example.com"
      hosted_zone_id = "Z0444444444444ECGAPP"
    }
    alb = {
      deletion_protection = true
    }
    api = {
      image_tag    = "0.1.0"
      cpu          = 1024
      memory       = 2048
      min_capacity = 2
      max_capacity = 6
      health_check = {
        path = "/health"
      }
    }
    model_server = {
      # On demand, always on: a Spot interruption would stop analyses mid-video.
      instance_type = "g4dn.xlarge"
      spot          = false
    }
    video_storage = {
      lifecycle_rules = [
        {
          id              = "old-videos"
          prefix          = "videos/"
          transitions     = [{ days = 30, storage_class = "STANDARD_IA" }, { days = 180, storage_class = "GLACIER_IR" }]
          expiration_days = 730
        },
      ]
      cors_origins = ["https://ecg.example.com"]
    }
    cdn = {
      waf = {
        enabled = true
      }
    }
  }
  aipx = {
    # The source's production sizing: 3 brokers over 3 AZs, Redis cluster mode 3 shards x (primary +
    # replica), RDS Multi-AZ, 1 vCPU / 2 GB services.
    ingestion = {
      image_tag    = "0.1.0"
      cpu          = 1024
      memory       = 2048
      min_capacity = 2
      max_capacity = 6
    }
    oms = {
      image_tag    = "0.1.0"
      cpu          = 1024
      memory       = 2048
      min_capacity = 2
      max_capacity = 4
    }
    kafka = {
      client_subnets      = 3
      broker_count        = 3
      instance_type       = "kafka.m5.large"
      volume_gib          = 500
      enhanced_monitoring = "PER_BROKER"
    }
    cache = {
      node_type          = "cache.r6g.large"
      mode               = "cluster"
      shards             = 3
      replicas_per_shard = 1
    }
    database = {
      instance_class        = "db.r6g.xlarge"
      multi_az              = true
      backup_retention_days = 14
      deletion_protection   = true
      skip_final_snapshot   = false
    }
    data_lake = {
      lifecycle_rules = [
        {
          id          = "raw-to-glacier"
          prefix      = "raw/"
          transitions = [{ days = 30, storage_class = "STANDARD_IA" }, { days = 90, storage_class = "GLACIER_IR" }]
        },
      ]
    }
    notification_emails = ["trading-desk@example.com"]
    budget = {
      monthly_usd = 3000
      emails      = ["oncall@example.com"]
    }
  }
}
