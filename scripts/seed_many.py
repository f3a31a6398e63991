"""Seeds a moto pool with N users for the benchmarks: mostly verified, with a share of each cause
(changed email, alias taken, no email); or, with a second argument `unverified`, every user with
an unverified email (the bulk-fix benchmark). With SES_IDENTITY set, the pool sends through that
SES identity (EmailSendingAccount DEVELOPER), created verified and authorizing Cognito. Prints
POOL=... Built through the Cognito and SES v2 APIs."""
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3

n = int(sys.argv[1])
all_unverified = len(sys.argv) > 2 and sys.argv[2] == "unverified"
c = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=os.environ["MOTO_ENDPOINT"],
                 aws_access_key_id="bench", aws_secret_access_key="bench")
extra = {}
identity = os.environ.get("SES_IDENTITY")
if identity:
    arn = f"arn:aws:ses:us-east-1:123456789012:identity/{identity}"
    ses = boto3.client("sesv2", region_name="us-east-1", endpoint_url=os.environ["MOTO_ENDPOINT"],
                       aws_access_key_id="bench", aws_secret_access_key="bench")
    ses.create_email_identity(EmailIdentity=identity)
    ses.create_email_identity_policy(EmailIdentity=identity, PolicyName="cognito", Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "cognito-idp.amazonaws.com"},
                       "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": arn}]}))
    extra["EmailConfiguration"] = {"EmailSendingAccount": "DEVELOPER", "SourceArn": arn}
pool = c.create_user_pool(PoolName=f"bench-{n}", AliasAttributes=["email"],
                          AutoVerifiedAttributes=["email"], **extra)["UserPool"]["Id"]


def make(i):
    kind = i % 100
    if all_unverified or kind < 5:  # cause 1: changed email
        attrs = {"email": f"user{i}@example.com", "email_verified": "false"}
    elif kind < 7:  # cause 2: shares the address of user i+1, which holds it
        attrs = {"email": f"user{i + 1}@example.com", "email_verified": "false"}
    elif kind == 7:  # no email
        attrs = {"name": f"User {i}"}
    else:
        attrs = {"email": f"user{i}@example.com", "email_verified": "true"}
    c.admin_create_user(UserPoolId=pool, Username=f"user{i:06d}", MessageAction="SUPPRESS",
                        UserAttributes=[{"Name": k, "Value": v} for k, v in attrs.items()])


with ThreadPoolExecutor(8) as ex:
    list(ex.map(make, range(n)))
print(f"POOL={pool}")
