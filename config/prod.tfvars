# prod environment. Validated by config/schema/*.ts; every key not set here takes the documented
# (secure) default. Replace the account id with the real prod account before the first deploy.
project        = "platform"
environment    = "prod"
aws_region     = "ap-northeast-2"
aws_account_id = "333333333333"

tags = {
  CostCenter = "platform-prod"
}

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

systems = {}
