# staging environment. Validated by config/schema/*.ts; every key not set here takes the documented
# (secure) default. Replace the account id with the real staging account before the first deploy.
project        = "platform"
environment    = "staging"
aws_region     = "ap-northeast-2"
aws_account_id = "222222222222"

tags = {
  CostCenter = "platform-staging"
}

state_backend = {
  bucket     = "platform-tfstate-staging-222222222222"
  lock_table = "platform-tfstate-lock-staging"
  # "local" for the very first apply of bootstrap-staging; "s3" once its state has moved (README: Bootstrap).
  bootstrap_state = "local"
}

network = {
  vpc_cidr                = "10.20.0.0/16"
  availability_zones      = ["ap-northeast-2a", "ap-northeast-2c"]
  nat_mode                = "single"
  flow_log_retention_days = 90
}

systems = {}
