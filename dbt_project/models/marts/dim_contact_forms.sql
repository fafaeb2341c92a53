-- One row per code of the contact_forms code list, and 'ukendt'.

{{ code_dimension('contact_forms', 'contact_form') }}
