"""netdiag: a small FastAPI service that runs network diagnostics for the support team."""
import hashlib
import os
import re
import subprocess

import jwt
from fastapi import Depends, FastAPI, Header, HTTPException, Response
from passlib.context import CryptContext
from pydantic import BaseModel, Field

app = FastAPI(title="netdiag", version="1.4.0")
pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")
JWT_SECRET = os.environ["NETDIAG_JWT_SECRET"]
HOSTNAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.:-]{0,252}")


class PingRequest(BaseModel):
    host: str
    count: int = Field(default=3, ge=1, le=10)


class NewOperator(BaseModel):
    username: str
    password: str


def operator_from_token_unverified(authorization: str = Header(...)) -> dict:
    # flaw: JWT decoded without verifying its signature, so anyone can forge one
    return jwt.decode(authorization.removeprefix("Bearer "), options={"verify_signature": False})


def operator_from_token(authorization: str = Header(...)) -> dict:
    try:
        # safe: signature and algorithm are checked
        return jwt.decode(authorization.removeprefix("Bearer "), JWT_SECRET, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        raise HTTPException(status_code=401, detail="invalid token")


@app.post("/ping")
def ping(req: PingRequest, operator: dict = Depends(operator_from_token_unverified)):
    # flaw: shell command built from request data (command injection)
    result = subprocess.run(f"ping -c {req.count} {req.host}", shell=True, capture_output=True, text=True)
    return {"operator": operator.get("sub"), "exit_code": result.returncode, "output": result.stdout}


@app.post("/v2/ping")
def ping_v2(req: PingRequest, operator: dict = Depends(operator_from_token)):
    if not HOSTNAME_RE.fullmatch(req.host):
        raise HTTPException(status_code=422, detail="host must be a hostname or an IP address")
    # safe: argument list, no shell, validated host
    result = subprocess.run(["ping", "-c", str(req.count), req.host], capture_output=True, text=True, timeout=30)
    return {"operator": operator.get("sub"), "exit_code": result.returncode, "output": result.stdout}


@app.get("/traceroute/{host}")
def traceroute(host: str, operator: dict = Depends(operator_from_token)):
    # flaw: path parameter concatenated into a shell command
    output = os.popen("traceroute -m 15 " + host).read()
    return {"host": host, "output": output}


@app.get("/v2/traceroute/{host}")
def traceroute_v2(host: str, operator: dict = Depends(operator_from_token)):
    if not HOSTNAME_RE.fullmatch(host):
        raise HTTPException(status_code=422, detail="host must be a hostname or an IP address")
    # safe: fixed executable and argument list
    output = subprocess.check_output(["traceroute", "-m", "15", host], text=True, timeout=60)
    return {"host": host, "output": output}


def hash_password_legacy(password: str) -> str:
    # flaw: unsalted MD5 used to store passwords
    return hashlib.md5(password.encode()).hexdigest()


def hash_password(password: str) -> str:
    # safe: bcrypt through passlib
    return pwd_context.hash(password)


@app.post("/operators", status_code=201)
def create_operator(body: NewOperator, operator: dict = Depends(operator_from_token)):
    record = {"username": body.username, "password_hash": hash_password(body.password)}
    return {"username": record["username"], "created_by": operator.get("sub")}


@app.get("/reports/{name}.csv")
def report_csv(name: str, operator: dict = Depends(operator_from_token)):
    body = f"report,generated_by\n{name},{operator.get('sub')}\n".encode()
    # safe: MD5 only as a cache validator (ETag), not for security
    etag = hashlib.md5(body, usedforsecurity=False).hexdigest()
    return Response(content=body, media_type="text/csv", headers={"ETag": f'"{etag}"'})
