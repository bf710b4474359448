import {
  DEFAULT_KAFKA_VERSION,
  KAFKA_VERSIONS,
  kafkaVersionProblem,
  kafkaVersionSlug,
} from "../../../modules/msk/kafka-versions";

describe("Kafka versions (shared with config)", () => {
  test.each(KAFKA_VERSIONS)("%s is accepted", (version) => {
    expect(kafkaVersionProblem(version)).toBeUndefined();
  });

  it("defaults to MSK's recommended version", () => {
    expect(DEFAULT_KAFKA_VERSION).toBe("3.8.x");
    expect(kafkaVersionProblem(DEFAULT_KAFKA_VERSION)).toBeUndefined();
  });

  test.each([
    ["3.6.0", "2026-06-01"],
    ["3.5.1", "2025-10-23"],
    ["2.8.1", "2024-09-11"],
  ])("%s is past MSK's end of support (%s)", (version, date) => {
    expect(kafkaVersionProblem(version)).toContain(`${version} reached MSK's end of support on ${date}`);
  });

  test.each(["3.8", "3.8.1", "latest", "4.0.x", "3.7.X"])("%s is no MSK version", (version) => {
    expect(kafkaVersionProblem(version, "kafka.version")).toMatch(
      new RegExp(`^kafka.version must be a version MSK supports for new clusters, .*, got "${version}"$`),
    );
  });

  test.each([
    ["3.8.x", "3-8-x"],
    ["3.9.x.kraft", "3-9-x-kraft"],
  ])("%s names configurations %s", (version, slug) => {
    expect(kafkaVersionSlug(version)).toBe(slug);
  });
});
