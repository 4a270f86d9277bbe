/*
 * aws/xml's tree API over an EC2-shaped DescribeInstances reply: paths
 * of direct children, repeated elements fanned out (each groupId of the
 * instance's own groupSet, not of its network interface), siblings, and
 * bodies that are not XML.
 */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "aws/xml.h"

static const char reply[] =
    "<?xml version=\"1.0\"?>\n"
    "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/"
    "2016-11-15/\"><requestId>r-1</requestId><reservationSet><item>"
    "<groupSet/><instancesSet><item><instanceId>i-1</instanceId>"
    "<vpcId>vpc-1</vpcId>"
    "<groupSet><item><groupId>sg-a</groupId></item>"
    "<item><groupId>sg-b</groupId></item></groupSet>"
    "<blockDeviceMapping><item><ebs><volumeId>vol-1</volumeId></ebs>"
    "</item><item><ebs><volumeId>vol-2</volumeId></ebs></item>"
    "<item><deviceName>/dev/sdb</deviceName></item>"
    "</blockDeviceMapping>"
    "<networkInterfaceSet><item><groupSet><item><groupId>sg-eni</groupId>"
    "</item></groupSet></item></networkInterfaceSet>"
    "</item><item><instanceId>i-2</instanceId></item></instancesSet>"
    "</item></reservationSet></DescribeInstancesResponse>";

static void
paths(void **state)
{
	struct xml_doc *d = xml_open(reply, strlen(reply));
	struct xml_node *it;
	char *v, **all;
	size_t n;

	(void)state;
	assert_non_null(d);
	it = xml_at(xml_find(d, "instancesSet"), "item");
	assert_non_null(it);
	v = xml_get(it, "vpcId");
	assert_string_equal(v, "vpc-1");
	free(v);
	v = xml_get(it, "groupSet/item/groupId");
	assert_string_equal(v, "sg-a");
	free(v);
	assert_null(xml_get(it, "iamInstanceProfile/arn"));
	assert_null(xml_at(it, "nosuch/item"));
	v = xml_get(xml_find(d, "requestId"), ".");
	assert_string_equal(v, "r-1");
	free(v);

	/* The instance's own groups only; an item without ebs is skipped. */
	all = xml_all(it, "groupSet/item/groupId", &n);
	assert_int_equal(n, 2);
	assert_string_equal(all[0], "sg-a");
	assert_string_equal(all[1], "sg-b");
	assert_null(all[2]);
	xml_list_free(all);
	all = xml_all(it, "blockDeviceMapping/item/ebs/volumeId", &n);
	assert_int_equal(n, 2);
	assert_string_equal(all[1], "vol-2");
	xml_list_free(all);
	all = xml_all(it, "networkInterfaceSet/item/groupSet/item/groupId",
	    &n);
	assert_int_equal(n, 1);
	assert_string_equal(all[0], "sg-eni");
	xml_list_free(all);

	/* Siblings of the same name. */
	it = xml_next(it);
	v = xml_get(it, "instanceId");
	assert_string_equal(v, "i-2");
	free(v);
	assert_null(xml_next(it));
	xml_close(d);
}

static void
not_xml(void **state)
{
	static const char json[] = "{\"__type\": \"x\"}";
	char **all;
	size_t n = 7;

	(void)state;
	assert_null(xml_open(json, strlen(json)));
	assert_null(xml_open("", 0));
	assert_null(xml_open("<a><b>", 6));
	/* NULL chains through every lookup. */
	assert_null(xml_find(NULL, "a"));
	assert_null(xml_at(NULL, "a/b"));
	assert_null(xml_next(NULL));
	assert_null(xml_get(NULL, "a"));
	all = xml_all(NULL, "a", &n);
	assert_int_equal(n, 0);
	assert_null(all[0]);
	xml_list_free(all);
	xml_close(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paths),
		cmocka_unit_test(not_xml),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
