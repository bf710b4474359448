# staging environment. Validated by config/schema/*.ts; every key not set here takes the documented
# (secure) default. Replace the account id with the real staging account before the first deploy.
project        = "platform"
environment    = "staging"
aws_region     = "ap-northeast-2"
aws_account_id = "222222222222"

tags = {
  CostCenter = "platform-staging"
}

# The account's GitHub Actions OIDC provider (bootstrap): CI releases through roles, never access keys.
github_oidc_provider = true

state_backend = {
  bucket     = "platform-tfstate-staging-222222222222"
  lock_table = "platform-tfstate-lock-staging"
  # "local" for the very first apply of bootstrap-staging; "s3" once its state has moved (README: Bootstrap).
  bootstrap_state = "local"
}

network = {
  vpc_cidr                = "10.20.0.0/16"
  availability_zones      = ["ap-northeast-2a", "ap-northeast-2c"]
  # One NAT instance (t4g.nano, ~8 USD/month) instead of a NAT gateway (~47 USD/month): an instance
  # failure cuts egress until the Auto Scaling group replaces it, acceptable outside prod.
  nat_mode                = "instance"
  flow_log_retention_days = 90
}

systems = {
  fileflow = {
    alb = {
      # ACM certificate for HTTPS; HTTP then only redirects. Replace with the real certificate.
      certificate_arn     = "arn:aws:acm:ap-northeast-2:222222222222:certificate/00000000-0000-4000-8000-000000000000"
      deletion_protection = true
    }
    web_api = {
      image_tag    = "web-api-1.0.0"
      cpu          = 512
      memory       = 1024
      min_capacity = 1
      max_capacity = 3
      health_check = {
        path = "/actuator/health"
      }
      environment = {
        "SPRING_PROFILES_ACTIVE" = "staging"
      }
    }
    download_scheduler = {
      image_tag    = "download-scheduler-1.0.0"
      fargate_spot = true
    }
    pipeline_scheduler = {
      image_tag    = "pipeline-scheduler-1.0.0"
      fargate_spot = true
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
      cors_origins      = ["https://triflow.staging.example.com"]
    }
    database = {
      engine_version        = "16"
      instance_class        = "db.t4g.small"
      allocated_storage_gb  = 20
      multi_az              = false
      backup_retention_days = 7
      deletion_protection   = true
      skip_final_snapshot   = false
      # TriFlow-AI's database reads erp_mes_db through postgres_fdw from here.
      fdw_peer_cidrs = ["10.60.0.0/16"]
    }
  }
  alert-system = {
    # No domain in staging: the ALB serves plain HTTP (prod requires a domain and HTTPS).
    alb = {
      deletion_protection       = false
      access_logs_force_destroy = true
    }
    api = {
      image_tag    = "1.0.0"
      cpu          = 256
      memory       = 512
      min_capacity = 1
      max_capacity = 2
      health_check = {
        path = "/health"
      }
    }
    node_env = "production"
    database = {
      # The source document alarms below 5 GB free (earlier than the module default, half of where
      # storage autoscaling starts).
      free_storage_alarm_gb = 5
      instance_class        = "db.t4g.micro"
      multi_az              = false
      backup_retention_days = 7
      deletion_protection   = false
      skip_final_snapshot   = true
    }
    cache = {
      # One node, no snapshots: a lost queue is rebuilt from the database in staging.
      node_type               = "cache.t4g.micro"
      mode                    = "single"
      snapshot_retention_days = 0
    }
    alarms = {
      emails = ["alert-system-staging@example.com"]
    }
    ci = {
      repository = "example/alert-system"
      branch     = "main"
    }
  }
  ecg-pipeline = {
    alb = {
      deletion_protection = false
    }
    api = {
      image_tag    = "0.1.0"
      cpu          = 512
      memory       = 1024
      min_capacity = 1
      max_capacity = 3
      health_check = {
        path = "/health"
      }
    }
    model_server = {
      instance_type = "g4dn.xlarge"
      spot          = true
      working_hours = {
        time_zone = "Asia/Seoul"
        start     = "0 9 * * MON-FRI"
        stop      = "0 19 * * MON-FRI"
      }
    }
    video_storage = {
      lifecycle_rules = [
        {
          id              = "old-videos"
          prefix          = "videos/"
          transitions     = [{ days = 30, storage_class = "STANDARD_IA" }]
          expiration_days = 90
        },
      ]
      cors_origins = ["https://ecg-staging.example.com"]
    }
  }
  aipx = {
    ingestion = {
      image_tag = "0.1.0"
    }
    oms = {
      image_tag = "0.1.0"
      cpu       = 512
      memory    = 1024
    }
    kafka = {
      client_subnets = 2
      broker_count   = 2
      instance_type  = "kafka.m5.large"
      volume_gib     = 100
    }
    cache = {
      node_type = "cache.t4g.small"
      mode      = "replicated"
      replicas  = 1
    }
    database = {
      instance_class = "db.t4g.medium"
      multi_az       = false
    }
    data_lake = {
      lifecycle_rules = [
        {
          id              = "raw-to-glacier"
          prefix          = "raw/"
          transitions     = [{ days = 30, storage_class = "GLACIER_IR" }]
          expiration_days = 365
        },
      ]
    }
    budget = {
      monthly_usd = 900
      emails      = ["aipx-staging@example.com"]
    }
  }
}
