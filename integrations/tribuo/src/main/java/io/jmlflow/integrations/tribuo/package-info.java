/** Autologging for tribuo (being written). */
package io.jmlflow.integrations.tribuo;
