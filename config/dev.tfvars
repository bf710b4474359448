# dev environment. Validated by config/schema/*.ts; every key not set here takes the documented
# (secure) default. Replace the account id with the real dev account before the first deploy.
project        = "platform"
environment    = "dev"
aws_region     = "ap-northeast-2"
aws_account_id = "111111111111"

tags = {
  CostCenter = "platform-dev"
}

# The account's GitHub Actions OIDC provider (bootstrap): CI releases through roles, never access keys.
github_oidc_provider = true

state_backend = {
  bucket     = "platform-tfstate-dev-111111111111"
  lock_table = "platform-tfstate-lock-dev"
  # "local" for the very first apply of bootstrap-dev; "s3" once its state has moved (README: Bootstrap).
  bootstrap_state = "local"
}

network = {
  vpc_cidr                = "10.10.0.0/16"
  availability_zones      = ["ap-northeast-2a", "ap-northeast-2c"]
  # One NAT instance (t4g.nano, ~8 USD/month) instead of a NAT gateway (~47 USD/month): an instance
  # failure cuts egress until the Auto Scaling group replaces it, acceptable outside prod.
  nat_mode                = "instance"
  flow_log_retention_days = 30
}

systems = {
  fileflow = {
    alb = {
      # No certificate in dev: serve plain HTTP (rejected unless set explicitly).
      allow_plain_http    = true
      deletion_protection = false
      # dev: `destroy` may delete the access-log bucket with its logs.
      access_logs_force_destroy = true
    }
    web_api = {
      image_tag    = "web-api-1.0.0"
      cpu          = 512
      memory       = 1024
      min_capacity = 1
      max_capacity = 2
      health_check = {
        path = "/actuator/health"
      }
      environment = {
        "SPRING_PROFILES_ACTIVE" = "dev"
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
      debug             = true
      cors_origins      = ["http://localhost:3000"]
    }
    database = {
      # dev: cheap and disposable. Deletion protection and the final snapshot are off on purpose.
      engine_version        = "16"
      instance_class        = "db.t3.micro"
      allocated_storage_gb  = 20
      multi_az              = false
      backup_retention_days = 7
      deletion_protection   = false
      skip_final_snapshot   = true
      # Started and stopped with the simulator by its schedule: outside the window only storage is billed.
      on_demand = true
      # TriFlow-AI's database reads erp_mes_db through postgres_fdw from here.
      fdw_peer_cidrs = ["10.50.0.0/16"]
    }
  }
  alert-system = {
    # No domain in dev: the ALB serves plain HTTP (prod requires a domain and HTTPS).
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
    node_env = "development"
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
      # One node, no snapshots: a lost queue is rebuilt from the database in dev.
      node_type               = "cache.t4g.micro"
      mode                    = "single"
      snapshot_retention_days = 0
    }
    alarms = {
      emails = ["alert-system-dev@example.com"]
    }
    ci = {
      repository = "example/alert-system"
      branch     = "develop"
    }
  }
  ecg-pipeline = {
    # No domain in dev: CloudFront's own *.cloudfront.net name, and an HTTP origin to the ALB (which
    # admits only CloudFront with the secret origin header). Prod requires a domain.
    alb = {
      deletion_protection       = false
      access_logs_force_destroy = true
    }
    api = {
      image_tag    = "0.1.0"
      cpu          = 256
      memory       = 512
      min_capacity = 1
      max_capacity = 2
      health_check = {
        path = "/health"
      }
    }
    model_server = {
      instance_type = "g4dn.xlarge"
      # Spot and office hours only: ~0.65 USD/h on demand around the clock is ~470 USD/month.
      spot = true
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
          expiration_days = 30
        },
      ]
      cors_origins  = ["http://localhost:5173"]
      force_destroy = true
    }
    cdn = {
      price_class        = "PriceClass_200"
      log_retention_days = 30
      force_destroy      = true
    }
  }
  aipx = {
    # The source's dev sizing, made possible: MSK needs a broker per client subnet (2), Redis one node,
    # RDS single-AZ; the hot path on Fargate Spot, stopped out of hours.
    ingestion = {
      image_tag    = "0.1.0"
      cpu          = 256
      memory       = 512
      fargate_spot = true
    }
    oms = {
      image_tag    = "0.1.0"
      cpu          = 256
      memory       = 512
      fargate_spot = true
    }
    out_of_hours = {
      start_schedule = "cron(0 0 ? * MON-FRI *)"
      stop_schedule  = "cron(0 9 ? * MON-FRI *)"
    }
    kafka = {
      client_subnets = 2
      broker_count   = 2
      instance_type  = "kafka.t3.small"
      volume_gib     = 20
      retention_hours = 72
    }
    cache = {
      node_type               = "cache.t3.micro"
      mode                    = "single"
      snapshot_retention_days = 0
    }
    database = {
      instance_class        = "db.t3.micro"
      multi_az              = false
      backup_retention_days = 1
      deletion_protection   = false
      skip_final_snapshot   = true
    }
    data_lake = {
      force_destroy = true
    }
    notification_emails = ["aipx-dev@example.com"]
    budget = {
      monthly_usd = 400
      emails      = ["aipx-dev@example.com"]
    }
  }
}
