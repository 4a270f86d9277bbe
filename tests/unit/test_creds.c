/*
 * The credential chain with a temporary HOME for each case: the
 * environment, AWS_PROFILE with both shared files, credential_process,
 * role_arn + source_profile through the stand-in's STS, IMDSv2 through
 * AWS_EC2_METADATA_SERVICE_ENDPOINT; region and endpoint resolution;
 * and that no secret reaches the log.
 */
#include "tests/unit/testutil.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/creds.h"
#include "aws/http.h"
#include "aws/ini.h"
#include "aws/sts.h"
#include "core/log.h"
#include "core/util.h"
#include "tests/unit/tu_standin.h"

#define ROLE "arn:aws:iam::111122223333:role/warroom-ir"

static const char data[] =
    "{\"credentials\": {\"AKIDSOURCE\": \"source/secret\"},"
    " \"roles\": {\"" ROLE "\": {}},"
    " \"imds\": {\"role\": \"warroom-host\", \"credentials\": {"
    "   \"AccessKeyId\": \"ASIAIMDS\", \"SecretAccessKey\": \"imds-secret\","
    "   \"Token\": \"imds+token/==\", \"Expiration\": "
    "\"2099-01-01T00:00:00Z\"}}}";

static struct tu_standin sd;
static char *home;

static const char *const aws_vars[] = { "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION",
    "AWS_DEFAULT_REGION", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
    "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_COST_EXPLORER", "AWS_ENDPOINT_URL_GUARDDUTY",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_DISABLED",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", NULL };

/* A fresh HOME with ~/.aws, and no AWS_* variable set. */
static void
fresh_home(const char *credentials, const char *config)
{
	char *p;
	int i;

	for (i = 0; aws_vars[i] != NULL; i++)
		unsetenv(aws_vars[i]);
	/* Never reach for 169.254.169.254 from a test. */
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	free(home);
	home = tu_tmpdir();
	setenv("HOME", home, 1);
	p = xasprintf("%s/.aws", home);
	mkdir(p, 0700);
	free(p);
	if (credentials != NULL) {
		p = xasprintf("%s/.aws/credentials", home);
		tu_write(p, credentials, strlen(credentials));
		free(p);
	}
	if (config != NULL) {
		p = xasprintf("%s/.aws/config", home);
		tu_write(p, config, strlen(config));
		free(p);
	}
}

static int
setup(void **state)
{
	(void)state;
	(void)tu_standin_start(&sd, data, NULL);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	tu_standin_stop(&sd);
	free(home);
	return (0);
}

static void
put(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", home, rel);

	tu_write(p, text, strlen(text));
	free(p);
}

static void
resolve_ok(const struct aws_config *cfg, struct aws_creds *c)
{
	struct wr_err err;

	if (creds_resolve(cfg, c, &err) == -1)
		fail_msg("creds_resolve: %s: %s", err.where, err.msg);
}

static const char credfile[] =
    "# comment\n[default]\naws_access_key_id = AKIDDEFAULT\n"
    "aws_secret_access_key = default-secret\n\n"
    "[ops]\naws_access_key_id=AKIDOPS\naws_secret_access_key=ops-secret\n"
    "aws_session_token = ops-token\n";

static void
test_env_and_profile_order(void **state)
{
	struct aws_config cfg = { NULL, NULL };
	struct aws_creds c;

	(void)state;
	fresh_home(credfile, NULL);
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
	setenv("AWS_SESSION_TOKEN", "env-token", 1);
	resolve_ok(&cfg, &c);
	assert_string_equal(c.access_key, "AKIDENV");
	assert_string_equal(c.token, "env-token");
	assert_string_equal(c.source, "env");
	creds_free(&c);

	/* AWS_PROFILE does not beat environment keys... */
	setenv("AWS_PROFILE", "ops", 1);
	resolve_ok(&cfg, &c);
	assert_string_equal(c.access_key, "AKIDENV");
	creds_free(&c);
	/* ...an explicit --profile does. */
	cfg.profile = "ops";
	resolve_ok(&cfg, &c);
	assert_string_equal(c.access_key, "AKIDOPS");
	assert_string_equal(c.token, "ops-token");
	assert_string_equal(c.source, "shared-credentials-file");
	creds_free(&c);

	/* Without env keys, AWS_PROFILE picks the profile. */
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	cfg.profile = NULL;
	resolve_ok(&cfg, &c);
	assert_string_equal(c.access_key, "AKIDOPS");
	creds_free(&c);
	unsetenv("AWS_PROFILE");
	resolve_ok(&cfg, &c);
	assert_string_equal(c.access_key, "AKIDDEFAULT");
	assert_null(c.token);
	creds_free(&c);
}

static void
test_files_moved_and_config_keys(void **state)
{
	struct aws_config cfg = { "cfgonly", NULL };
	struct aws_creds c;
	char *p;

	(void)state;
	fresh_home(NULL, "[profile cfgonly]\naws_access_key_id = AKIDCFG\n"
	    "aws_secret_access_key = cfg-secret\nregion = eu-west-1\n"
	    "s3 =\n  max_concurrent_requests = 4\n");
	resolve_ok(&cfg, &c);
	assert_string_equal(c.access_key, "AKIDCFG");
	assert_string_equal(c.source, "config-file");
	creds_free(&c);

	/* The credentials file beats keys in the config file. */
	put("elsewhere", "[cfgonly]\naws_access_key_id = AKIDMOVED\n"
	    "aws_secret_access_key = moved\n");
	p = xasprintf("%s/elsewhere", home);
	setenv("AWS_SHARED_CREDENTIALS_FILE", p, 1);
	resolve_ok(&cfg, &c);
	assert_string_equal(c.access_key, "AKIDMOVED");
	creds_free(&c);
	free(p);
	/* AWS_CONFIG_FILE moves the config file too. */
	setenv("AWS_CONFIG_FILE", "~/nowhere", 1);
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	cfg.profile = "cfgonly";
	{
		struct wr_err err;

		assert_int_equal(creds_resolve(&cfg, &c, &err), -1);
		assert_int_equal(err.code, WR_ERR_CREDS);
		assert_non_null(strstr(err.msg, "profile cfgonly not found"));
		assert_non_null(strstr(err.msg, "/nowhere"));
	}
}

static void
test_credential_process(void **state)
{
	struct aws_config cfg = { "proc", NULL };
	struct aws_creds c;
	struct wr_err err;
	char *conf;

	(void)state;
	fresh_home(NULL, NULL);
	put("creds.sh", "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\":"
	    " \"AKIDPROC\", \"SecretAccessKey\": \"proc-secret\", "
	    "\"SessionToken\": \"proc-token\", \"Expiration\": "
	    "\"2099-01-01T00:00:00Z\"}'\n");
	conf = xasprintf("[profile proc]\ncredential_process = sh %s/creds.sh\n"
	    "[profile bad]\ncredential_process = /bin/false\n"
	    "[profile v2]\ncredential_process = echo '{\"Version\": 2}'\n",
	    home);
	put(".aws/config", conf);
	free(conf);
	resolve_ok(&cfg, &c);
	assert_string_equal(c.access_key, "AKIDPROC");
	assert_string_equal(c.token, "proc-token");
	assert_string_equal(c.source, "credential_process");
	assert_true(c.expires > 0);
	creds_free(&c);
	cfg.profile = "bad";
	assert_int_equal(creds_resolve(&cfg, &c, &err), -1);
	assert_int_equal(err.code, WR_ERR_CREDS);
	assert_non_null(strstr(err.msg, "/bin/false"));
	cfg.profile = "v2";
	assert_int_equal(creds_resolve(&cfg, &c, &err), -1);
	assert_non_null(strstr(err.msg, "Version must be 1"));
}

static void
test_assume_role(void **state)
{
	struct aws_config cfg = { "ir", NULL };
	struct aws_creds c;
	struct http_client h;
	struct sts_identity id;
	struct wr_err err;
	char *conf;

	(void)state;
	if (sd.pid == 0)
		skip();
	conf = xasprintf("[profile ir]\nrole_arn = %s\nsource_profile = src\n"
	    "region = eu-west-1\n[profile loop]\nrole_arn = %s\n"
	    "source_profile = loop2\n[profile loop2]\nrole_arn = %s\n"
	    "source_profile = loop\n[profile denied]\nrole_arn = "
	    "arn:aws:iam::111122223333:role/other\nsource_profile = src\n",
	    ROLE, ROLE, ROLE);
	fresh_home("[src]\naws_access_key_id = AKIDSOURCE\n"
	    "aws_secret_access_key = source/secret\n", conf);
	free(conf);
	setenv("AWS_ENDPOINT_URL_STS", sd.endpoint, 1);
	resolve_ok(&cfg, &c);
	assert_true(str_has_prefix(c.access_key, "ASIASTANDIN"));
	assert_non_null(c.token);
	assert_true(c.expires > 0);
	assert_string_equal(c.source, "assume-role:ir");

	/* The assumed credentials work, and say who they are. */
	http_client_init(&h, &c);
	if (sts_caller_identity(&h, sd.endpoint, "eu-west-1", &id, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	assert_string_equal(id.account, "111122223333");
	assert_non_null(strstr(id.arn, "assumed-role/warroom-ir/"));
	http_client_free(&h);
	creds_free(&c);

	cfg.profile = "loop";
	assert_int_equal(creds_resolve(&cfg, &c, &err), -1);
	assert_non_null(strstr(err.msg, "chain longer"));
	cfg.profile = "denied";
	assert_int_equal(creds_resolve(&cfg, &c, &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_non_null(strstr(err.where, "role/other"));
}

static void
test_imds(void **state)
{
	struct aws_config cfg = { NULL, NULL };
	struct aws_creds c;
	struct wr_err err;

	(void)state;
	if (sd.pid == 0)
		skip();
	fresh_home(NULL, NULL);
	/* Disabled: no credentials anywhere is a clear error. */
	assert_int_equal(creds_resolve(&cfg, &c, &err), -1);
	assert_int_equal(err.code, WR_ERR_CREDS);
	assert_non_null(strstr(err.msg, "no AWS credentials"));
	unsetenv("AWS_EC2_METADATA_DISABLED");
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", sd.endpoint, 1);
	resolve_ok(&cfg, &c);
	assert_string_equal(c.access_key, "ASIAIMDS");
	assert_string_equal(c.token, "imds+token/==");
	assert_string_equal(c.source, "imds");
	creds_free(&c);
	/* credential_source = Ec2InstanceMetadata for a role. */
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	fresh_home(NULL, "[profile ec2]\nrole_arn = " ROLE "\n"
	    "credential_source = Ec2InstanceMetadata\n");
	unsetenv("AWS_EC2_METADATA_DISABLED");
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", sd.endpoint, 1);
	setenv("AWS_ENDPOINT_URL", sd.endpoint, 1);
	cfg.profile = "ec2";
	resolve_ok(&cfg, &c);
	assert_true(str_has_prefix(c.access_key, "ASIASTANDIN"));
	creds_free(&c);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
}

static void
test_region_and_endpoints(void **state)
{
	struct aws_config cfg = { "r", NULL };
	char region[64], *ep;
	struct wr_err err;

	(void)state;
	fresh_home(NULL, "[profile r]\nregion = ap-south-1\n"
	    "endpoint_url = http://127.0.0.1:1/\n");
	assert_int_equal(creds_region(&cfg, region, sizeof region, &err), 0);
	assert_string_equal(region, "ap-south-1");
	setenv("AWS_DEFAULT_REGION", "us-west-1", 1);
	assert_int_equal(creds_region(&cfg, region, sizeof region, &err), 0);
	assert_string_equal(region, "us-west-1");
	setenv("AWS_REGION", "us-east-2", 1);
	assert_int_equal(creds_region(&cfg, region, sizeof region, &err), 0);
	assert_string_equal(region, "us-east-2");
	cfg.region = "eu-central-1";
	assert_int_equal(creds_region(&cfg, region, sizeof region, &err), 0);
	assert_string_equal(region, "eu-central-1");
	cfg.profile = "none";
	cfg.region = NULL;
	unsetenv("AWS_REGION");
	unsetenv("AWS_DEFAULT_REGION");
	assert_int_equal(creds_region(&cfg, region, sizeof region, &err), -1);
	assert_non_null(strstr(err.msg, "--region"));

	cfg.profile = "r";
	ep = creds_endpoint(&cfg, "GuardDuty", "guardduty", "us-east-1");
	assert_string_equal(ep, "http://127.0.0.1:1");
	free(ep);
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:2", 1);
	setenv("AWS_ENDPOINT_URL_COST_EXPLORER", "http://127.0.0.1:3/", 1);
	ep = creds_endpoint(&cfg, "Cost Explorer", "ce", "us-east-1");
	assert_string_equal(ep, "http://127.0.0.1:3");
	free(ep);
	ep = creds_endpoint(&cfg, "GuardDuty", "guardduty", "us-east-1");
	assert_string_equal(ep, "http://127.0.0.1:2");
	free(ep);
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
	ep = creds_endpoint(&cfg, "GuardDuty", "guardduty", "eu-west-3");
	assert_string_equal(ep, "https://guardduty.eu-west-3.amazonaws.com");
	free(ep);
	ep = creds_endpoint(&cfg, "Cost Explorer", "ce", "eu-west-3");
	assert_string_equal(ep, "https://ce.us-east-1.amazonaws.com");
	free(ep);
}

static void
test_ini(void **state)
{
	struct ini ini;

	(void)state;
	memset(&ini, 0, sizeof ini);
	ini_parse(&ini, "; top\n[a]\nk = v1\n  # c\nk=v2\n"
	    "s3 =\n    max = 4\nafter = yes\n[b c]\nx= y z \n");
	assert_string_equal(ini_get(&ini, "a", "k"), "v2");
	assert_string_equal(ini_get(&ini, "a", "s3.max"), "4");
	assert_string_equal(ini_get(&ini, "a", "after"), "yes");
	assert_string_equal(ini_get(&ini, "b c", "x"), "y z");
	assert_null(ini_get(&ini, "b c", "k"));
	assert_true(ini_has_section(&ini, "b c"));
	ini_free(&ini);
}

static void
test_no_secret_logged(void **state)
{
	struct aws_config cfg = { "ops", NULL };
	struct aws_creds c;
	char *dir, *text;

	(void)state;
	fresh_home(credfile, NULL);
	dir = tu_tmpdir();
	setenv("WARROOM_LOG_DIR", dir, 1);
	log_close();
	log_init("test", LOG_DEBUG);
	resolve_ok(&cfg, &c);
	creds_free(&c);
	log_write(LOG_INFO, __func__, "end");
	text = tu_read(log_path(), NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, "shared-credentials-file"));
	assert_null(strstr(text, "ops-secret"));
	assert_null(strstr(text, "ops-token"));
	free(text);
	log_close();
	log_init("test", LOG_WARN);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ini),
		cmocka_unit_test(test_env_and_profile_order),
		cmocka_unit_test(test_files_moved_and_config_keys),
		cmocka_unit_test(test_credential_process),
		cmocka_unit_test(test_assume_role),
		cmocka_unit_test(test_imds),
		cmocka_unit_test(test_region_and_endpoints),
		cmocka_unit_test(test_no_secret_logged),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
