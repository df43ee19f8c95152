/** Autologging for aspectj (being written). */
package io.jmlflow.integrations.aspectj;
