project     = "Ledger"
environment = "production"

enable_bastion = false

db_instance_class = "db.t3.medium"

services = {
  api = {
    instance_type    = "m6g.large"
    ami_id           = "ami-0a9b8c7d6e5f4a3b2"
    desired_capacity = 3
    max_size         = 6
    ingress = [
      {
        description = "API traffic from inside the VPC"
        port        = 8080
        cidr_blocks = ["10.40.0.0/16"]
      },
    ]
    environment = {
      LOG_FORMAT = "json"
    }
  }

  worker = {
    instance_type = "c6i.large"
    port          = 9090
    data_volumes = [
      {
        device_name = "/dev/sdf"
        size        = 200
        # INTENTIONAL: the scratch volume of the worker service is not encrypted
        # (SEC003), while every other volume keeps the encrypted = true default.
        encrypted = false
      },
      {
        device_name  = "/dev/sdb"
        virtual_name = "ephemeral0"
      },
    ]
  }

  reports = {
    # INTENTIONAL: previous-generation t2 instance family (COST006).
    instance_type    = "t2.medium"
    desired_capacity = 1
    root_volume = {
      size = 40
    }
  }
}
