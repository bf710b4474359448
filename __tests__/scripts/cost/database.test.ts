import { renderText } from "../../../scripts/cost/report-text";
import { database, estimateMany, estimateOne, item, stackJson } from "./fixtures";

describe("RDS", () => {
  it("single-AZ: instance-hours at the class rate plus storage GB-month", () => {
    const stack = estimateOne(
      "app-dev",
      database({ instance_class: "db.t4g.medium", allocated_storage: 50 }),
    );
    expect(item(stack, "RDS db.t4g.medium").monthly).toBeCloseTo(730 * 0.1, 10);
    expect(item(stack, "RDS storage gp3").monthly).toBeCloseTo(50 * 0.1, 10);
  });

  it("Multi-AZ doubles the instance price and the storage", () => {
    const stack = estimateOne(
      "app-prod",
      database({ instance_class: "db.t4g.medium", allocated_storage: 50, multi_az: true }),
    );
    expect(item(stack, "RDS db.t4g.medium").monthly).toBeCloseTo(2 * 730 * 0.1, 10);
    expect(item(stack, "RDS db.t4g.medium").detail).toContain("Multi-AZ: primary + standby");
    expect(item(stack, "RDS storage gp3").monthly).toBeCloseTo(2 * 50 * 0.1, 10);
    expect(stack.total).toBeCloseTo(2 * 730 * 0.1 + 2 * 50 * 0.1, 10);
  });

  it("manage_master_user_password adds the secret RDS keeps in Secrets Manager", () => {
    const stack = estimateOne("app-dev", {
      ...database({ manage_master_user_password: true }),
      aws_secretsmanager_secret: { url: { name: "app/database-url" } },
    });
    const secrets = item(stack, "Secrets Manager secret");
    expect(secrets.label).toBe("Secrets Manager secret ×2");
    expect(secrets.monthly).toBeCloseTo(2 * 0.4, 10);
    expect(secrets.resource).toContain("RDS-managed master password");
  });

  it("an instance class the table does not know is reported as unpriced, not counted as 0", () => {
    const stack = estimateOne("app-dev", database({ instance_class: "db.x9.huge" }));
    const rds = item(stack, "RDS db.x9.huge");
    expect(rds.monthly).toBeUndefined();
    expect(rds.unpriced).toBe(
      "no price for rds.postgres:db.x9.huge in __tests__/scripts/cost/ap-northeast-2.json",
    );
    expect(stack.unpriced).toBe(1);
    // The storage is still priced; the total says it is incomplete.
    expect(stack.total).toBeCloseTo(20 * 0.1, 10);

    const text = renderText(
      estimateMany([{ name: "app-dev", json: stackJson(database({ instance_class: "db.x9.huge" })) }]),
    );
    expect(text).toMatch(/app-dev\s+2\.00\+/);
    expect(text).toMatch(/dev total\s+2\.00\+\s+\+ 1 unpriced item\(s\), not in the total/);
    expect(text).toMatch(/UNPRICED {2}RDS db\.x9\.huge \(postgres\)/);
    expect(text).toContain("Check: 1 item(s) have no price");
  });
});
