/** Autologging for smile (being written). */
package io.jmlflow.integrations.smile;
