print("moondesk host")
