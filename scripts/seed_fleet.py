"""Seeds moto with pools in several accounts and regions for the fleet benchmark. Each argument is
ACCOUNT:REGION:USERS, ACCOUNT being `own` (the account of the bench credentials, moto's default)
or twelve digits (reached by assuming ROLE there: moto places the calls of assumed credentials in
the role's account). Users are the mix of seed_many.py (mostly verified, a share of each cause).
Prints POOL_0=... in the order given. Built through the STS and Cognito APIs."""
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3

endpoint = os.environ["MOTO_ENDPOINT"]
role = os.environ.get("ROLE", "fleet-auditor")
own = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
sts = boto3.client("sts", region_name="us-east-1", endpoint_url=endpoint, **own)


def credentials(account):
    if account == "own":
        return own
    c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="seed")["Credentials"]
    return {"aws_access_key_id": c["AccessKeyId"], "aws_secret_access_key": c["SecretAccessKey"],
            "aws_session_token": c["SessionToken"]}


def seed(c, n, name):
    pool = c.create_user_pool(PoolName=name, AliasAttributes=["email"],
                              AutoVerifiedAttributes=["email"])["UserPool"]["Id"]

    def make(i):
        kind = i % 100
        if kind < 5:  # changed email
            attrs = {"email": f"user{i}@example.com", "email_verified": "false"}
        elif kind < 7:  # shares the address of user i+1, which holds it
            attrs = {"email": f"user{i + 1}@example.com", "email_verified": "false"}
        elif kind == 7:  # no email
            attrs = {"name": f"User {i}"}
        else:
            attrs = {"email": f"user{i}@example.com", "email_verified": "true"}
        c.admin_create_user(UserPoolId=pool, Username=f"user{i:06d}", MessageAction="SUPPRESS",
                            UserAttributes=[{"Name": k, "Value": v} for k, v in attrs.items()])

    with ThreadPoolExecutor(8) as ex:
        list(ex.map(make, range(n)))
    return pool


for i, spec in enumerate(sys.argv[1:]):
    account, region, n = spec.split(":")
    c = boto3.client("cognito-idp", region_name=region, endpoint_url=endpoint, **credentials(account))
    print(f"POOL_{i}={seed(c, int(n), f'fleet-{i}-{n}')}")
